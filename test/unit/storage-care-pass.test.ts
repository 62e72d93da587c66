// The care queue's full pass gives way to the conversation path: it waits for a quiet moment
// before each chunk, and what the agent does between its chunks is not undone by it.
import { afterEach, describe, expect, it } from 'vitest';
import { careQueue, rebuildAllCare, recomputeCustomerCare } from '@/storage/care';
import { recordConversation } from '@/storage/conversations';
import { backgroundTurn, inForeground, resetForeground } from '@/storage/foreground';
import { putOrder, setOrderStatus } from '@/storage/orders';
import { clockAt, DAY, freshDb, snap, T0 } from './storage-helpers';

afterEach(() => resetForeground());

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('foreground gate', () => {
  it('a background turn waits while a conversation is being answered, and for a quiet moment after', async () => {
    const events: string[] = [];
    let finish!: () => void;
    const answering = inForeground(
      () =>
        new Promise<void>((resolve) => {
          finish = () => {
            events.push('answered');
            resolve();
          };
        }),
    );
    const turn = backgroundTurn({ quietMs: 20, maxWaitMs: 10_000 }).then(() => events.push('pass'));
    for (let i = 0; i < 5; i++) await tick();
    expect(events).toEqual([]);
    finish();
    await answering;
    await turn;
    expect(events).toEqual(['answered', 'pass']);
  });

  it('constant switching cannot starve the pass: it goes on after its longest wait', async () => {
    let stop = false;
    const busy = inForeground(async () => {
      while (!stop) await new Promise((r) => setTimeout(r, 5));
    });
    await backgroundTurn({ quietMs: 20, maxWaitMs: 60 });
    stop = true;
    await busy;
  });

  it('with nothing in the foreground the pass goes at once', async () => {
    let went = false;
    const turn = backgroundTurn({ quietMs: 10_000, maxWaitMs: 10_000 }).then(() => {
      went = true;
    });
    await tick();
    await tick();
    expect(went).toBe(true);
    await turn;
  });
});

async function deliveredCustomer(db: ReturnType<typeof freshDb>, n: number) {
  const view = await recordConversation(
    db,
    snap({ externalId: `10000000000${100 + n}`, displayName: `Khách ${n}` }),
    clockAt(T0 - 4 * DAY),
  );
  await putOrder(db, {
    id: `order-${n}`,
    customerId: view.customerId,
    code: `C${n}`,
    placedAt: T0 - 5 * DAY,
    total: 200_000,
    status: 'pending',
    items: [{ name: 'Áo', quantity: 1, price: 200_000 }],
  });
  await setOrderStatus(db, `order-${n}`, 'delivered', T0 - 3 * DAY);
  return view.customerId;
}

describe('care full pass in chunks', () => {
  it('asks for its turn before every chunk and keeps what the agent did between chunks', async () => {
    const db = freshDb();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push(await deliveredCustomer(db, n));
    let turns = 0;
    const r = await rebuildAllCare(db, T0, {
      chunkSize: 1,
      turn: async () => {
        turns += 1;
        // Between the first and the second chunk, the agent opens the second customer (the
        // snapshot path makes their items) and marks the thank-you done.
        if (turns === 2) {
          const second = [...ids].sort()[1]!;
          await recomputeCustomerCare(db, second, T0);
          const items = await db.careItems.where('customerId').equals(second).toArray();
          const thanks = items.find((i) => i.kind === 'thank-you')!;
          await db.careItems.put({ ...thanks, state: 'done' });
        }
      },
    });
    expect(r.customers).toBe(3);
    expect(turns).toBeGreaterThanOrEqual(3);
    const items = await db.careItems.toArray();
    const thanks = items.filter((i) => i.kind === 'thank-you');
    expect(thanks).toHaveLength(3);
    expect(thanks.filter((i) => i.state === 'done')).toHaveLength(1);
    // A second pass does not bring the done item back into the queue.
    await rebuildAllCare(db, T0 + 1000, { chunkSize: 2 });
    const q = await careQueue(db, { scope: 'mine' }, T0 + 1000);
    expect(q.entries.filter((e) => e.item.kind === 'thank-you')).toHaveLength(2);
  });

  it('an order delivered while a chunk is between its read and its write keeps the items its recompute made', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap(), clockAt(T0 - 6 * DAY));
    await putOrder(db, {
      id: 'order-late',
      customerId: view.customerId,
      code: 'LATE1',
      placedAt: T0 - 5 * DAY,
      total: 200_000,
      status: 'pending',
      items: [{ name: 'Áo', quantity: 1, price: 200_000 }],
    });
    await rebuildAllCare(db, T0, {
      // The chunk read the order as pending; then it is delivered and the snapshot path
      // recomputes the customer from the fresh facts, before the chunk writes.
      afterRead: async () => {
        await setOrderStatus(db, 'order-late', 'delivered', T0 - 3 * DAY);
        await recomputeCustomerCare(db, view.customerId, T0);
      },
    });
    const kinds = (await db.careItems.toArray()).map((i) => i.kind);
    expect(kinds).toContain('thank-you');
  });
});
