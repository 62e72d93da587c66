// The content script → background path for snapshots, over an in-memory stand-in for
// runtime ports (asynchronous delivery, structured copies, disconnects like Chromium's): a
// good snapshot is answered with a view, a malformed one refused with the field named,
// answers find their request, and a worker that stops mid-request is asked again once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationSnapshot } from '@/core/snapshot';
import { KqDb } from '@/storage/db';
import { handleResolveConversation } from '@/storage/handlers';
import { type PortLike, portResolver, RESOLVE_PORT } from '@/utils/resolve-port';
import { servePort } from '@/utils/serve-port';

interface End extends PortLike {
  /** What this end received, for tests that play the background by hand. */
  received: unknown[];
}

interface LinkedEnd extends End {
  listeners: ((m: unknown) => void)[];
  gone: (() => void)[];
  peer?: LinkedEnd;
}

/** Two linked ends. Disconnecting one tells the other (only), as in Chromium. */
function portPair(): [End, End] {
  let open = true;
  const make = (): LinkedEnd => {
    const end: LinkedEnd = {
      name: RESOLVE_PORT,
      received: [],
      listeners: [],
      gone: [],
      postMessage(message: unknown) {
        if (!open) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(message);
        setTimeout(() => {
          if (!open || !end.peer) return;
          end.peer.received.push(copy);
          for (const l of end.peer.listeners) l(copy);
        }, 1);
      },
      disconnect() {
        if (!open) return;
        open = false;
        setTimeout(() => {
          for (const l of end.peer?.gone ?? []) l();
        }, 1);
      },
      onMessage: { addListener: (l) => void end.listeners.push(l) },
      onDisconnect: { addListener: (l) => void end.gone.push(l) },
    };
    return end;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

const snapshot = (name: string, externalId = '7412000000000000001'): ConversationSnapshot => ({
  platform: 'zalo',
  accountId: 'zalo-web',
  externalId,
  idSource: 'anim-data-id',
  idConfidence: 'strong',
  displayName: name,
  isGroup: false,
  messages: [{ direction: 'in', text: 'Còn hàng không shop?' }],
  health: { verdict: 'ok' },
  capturedAt: Date.now(),
});

let db: KqDb;
beforeEach(() => {
  db = new KqDb(`kq-port-${Math.random()}`);
});
afterEach(() => db.close());

/** A background that serves every port it is given, like entrypoints/background.ts. */
function background() {
  const ports: End[] = [];
  const connect = () => {
    const [tab, worker] = portPair();
    ports.push(worker);
    servePort(worker, (s) => handleResolveConversation(db, s));
    return tab;
  };
  return { connect, ports };
}

describe('resolving over a port', () => {
  it('answers a snapshot with the customer view, over one port for many requests', async () => {
    const bg = background();
    const { resolve } = portResolver(bg.connect);
    const view = await resolve(snapshot('Chị Lan'));
    expect(view).toMatchObject({ displayName: 'Chị Lan', status: 'new', platforms: ['zalo'] });
    await resolve(snapshot('Chị Lan'));
    expect(bg.ports).toHaveLength(1);
  });

  it('refuses a malformed snapshot with the field named, and stores nothing', async () => {
    const { resolve } = portResolver(background().connect);
    await expect(resolve({ platform: 'zalo', health: { verdict: 'maybe' } })).rejects.toThrow(
      /bad snapshot: accountId: expected string/,
    );
    expect(await db.customers.count()).toBe(0);
  });

  it('gives each request its own answer when several are in flight', async () => {
    const { resolve } = portResolver(background().connect);
    const views = await Promise.all([
      resolve(snapshot('An', '7412000000000000001')),
      resolve(snapshot('Bình', '7412000000000000002')),
      resolve(snapshot('Chi', '7412000000000000003')),
    ]);
    expect(views.map((v) => (v as { displayName: string }).displayName)).toEqual([
      'An',
      'Bình',
      'Chi',
    ]);
  });

  it('asks again on a fresh port when the worker stops before answering', async () => {
    let connects = 0;
    const bg = background();
    const { resolve } = portResolver(() => {
      connects += 1;
      if (connects > 1) return bg.connect();
      // The first worker receives the request and is stopped before it answers.
      const [tab, worker] = portPair();
      worker.onMessage.addListener(() => worker.disconnect());
      return tab;
    });
    expect(await resolve(snapshot('Chị Lan'))).toMatchObject({ displayName: 'Chị Lan' });
    expect(connects).toBe(2);
  });

  it('gives up after the second lost request, and says so', async () => {
    let connects = 0;
    const { resolve } = portResolver(() => {
      connects += 1;
      const [tab, worker] = portPair();
      worker.onMessage.addListener(() => worker.disconnect());
      return tab;
    });
    await expect(resolve(snapshot('Chị Lan'))).rejects.toThrow('the background stopped answering');
    expect(connects).toBe(2);
  });

  it('rejects at once when there is no background to connect to', async () => {
    const { resolve } = portResolver(() => {
      throw new Error('Extension context invalidated.');
    });
    await expect(resolve(snapshot('Chị Lan'))).rejects.toThrow('Extension context invalidated.');
  });

  it('ignores answers that match no request, and stops cleanly', async () => {
    const [tab, worker] = portPair();
    const { resolve, close } = portResolver(() => tab);
    const pending = resolve(snapshot('Chị Lan'));
    await new Promise((r) => setTimeout(r, 5));
    worker.postMessage({ id: 999, res: { displayName: 'Someone else' } });
    worker.postMessage('noise');
    await new Promise((r) => setTimeout(r, 5));
    close();
    await expect(pending).rejects.toThrow('the content script was stopped');
    await expect(resolve(snapshot('Chị Lan'))).rejects.toThrow('the content script was stopped');
    expect(worker.received).toHaveLength(1);
  });
});
