import { describe, expect, it } from 'vitest';
import { MutationSchema } from '@/core/sync/mutations';
import { applyMutation, emptyState } from '@/core/sync/state';
import { customerView } from '@/core/sync/views';
import { recordConversation } from '@/storage/conversations';
import { putOrder } from '@/storage/orders';
import {
  handleGetPipelineBoard,
  handleSavePipeline,
  handleSaveTiers,
  handleSetStage,
} from '@/storage/pipeline-handlers';
import { applyPulledRows } from '@/storage/sync-apply';
import { timelineOf } from '@/storage/timeline';
import { clockAt, connect, DAY, freshDb, incoming, snap, T0 } from './storage-helpers';

const stageOf = async (db: ReturnType<typeof freshDb>, at: number, over = {}) =>
  recordConversation(db, snap(over), clockAt(at), { historyLimit: 20 });

describe('pipeline stage of a conversation', () => {
  it('starts in Quan tâm and moves to Đã tư vấn when the customer writes a phone number', async () => {
    const db = freshDb();
    const first = await stageOf(db, T0);
    expect(first.stage).toEqual({ id: 'interested', name: 'Quan tâm', setBy: 'none' });
    expect(first.stages?.map((s) => s.id)).toEqual([
      'interested',
      'consulted',
      'ordered',
      'received',
      'loyal',
    ]);
    const later = await stageOf(db, T0 + 60_000, {
      messages: [incoming('sdt em 0912 345 678 nha', T0 + 30_000)],
    });
    expect(later.stage).toEqual({ id: 'consulted', name: 'Đã tư vấn', setBy: 'signal' });
    expect(later.history?.entries.find((e) => e.kind === 'stage')).toMatchObject({
      kind: 'stage',
      stageName: 'Đã tư vấn',
      fromName: 'Quan tâm',
      signal: 'phone',
    });
  });

  it('orders move the customer on; a second order makes them Khách thân thiết', async () => {
    const db = freshDb();
    const { customerId } = await stageOf(db, T0);
    await putOrder(db, {
      customerId,
      code: 'A1',
      placedAt: T0 + DAY,
      total: 500_000,
      status: 'delivered',
    });
    expect((await stageOf(db, T0 + 2 * DAY)).stage?.id).toBe('received');
    await putOrder(db, {
      customerId,
      code: 'A2',
      placedAt: T0 + 3 * DAY,
      total: 500_000,
      status: 'pending',
    });
    const view = await stageOf(db, T0 + 4 * DAY);
    expect(view.stage?.id).toBe('loyal');
    const moves = (await timelineOf(db, customerId)).entries.filter((e) => e.kind === 'stage');
    expect(moves.map((e) => (e.kind === 'stage' ? e.signal : ''))).toEqual([
      'repeat-order',
      'delivered',
      'order',
    ]);
  });

  it('keeps the agent’s choice when a later signal arrives, and queues it for the team', async () => {
    const db = freshDb();
    await connect(db);
    const { customerId } = await stageOf(db, T0);
    const r = await handleSetStage(db, { customerId, stageId: 'ordered' }, T0 + 1000, 'Mai');
    expect(r).toEqual({ ok: true, stageId: 'ordered' });
    const queued = (await db.outbox.toArray()).map(
      (o) => o.payload as { kind: string; data: unknown },
    );
    expect(queued.filter((m) => m.kind === 'customer.stage').map((m) => m.data)).toEqual([
      { customerId, stageId: 'ordered', setBy: 'agent', at: T0 + 1000, by: 'Mai' },
    ]);
    // A phone number (Đã tư vấn) and even a second order (Khách thân thiết) leave it alone.
    await putOrder(db, {
      customerId,
      code: 'A1',
      placedAt: T0 + DAY,
      total: 1,
      status: 'delivered',
    });
    await putOrder(db, {
      customerId,
      code: 'A2',
      placedAt: T0 + 2 * DAY,
      total: 1,
      status: 'delivered',
    });
    const view = await stageOf(db, T0 + 3 * DAY, {
      messages: [incoming('0912345678', T0 + 3 * DAY - 1000)],
    });
    expect(view.stage).toEqual({ id: 'ordered', name: 'Chốt đơn', setBy: 'agent' });
    expect(view.history?.entries.find((e) => e.kind === 'stage')).toMatchObject({
      setBy: 'agent',
      by: 'Mai',
      stageName: 'Chốt đơn',
    });
  });

  it('refuses a bad stage or customer, naming the field', async () => {
    const db = freshDb();
    const { customerId } = await stageOf(db, T0);
    expect(await handleSetStage(db, { customerId, stageId: 'nope' }, T0)).toEqual({
      ok: false,
      error:
        'setStage: stageId: "nope" is not a stage (interested, consulted, ordered, received, loyal)',
    });
    expect(await handleSetStage(db, { customerId: 'x y', stageId: 'ordered' }, T0)).toMatchObject({
      ok: false,
      error: expect.stringContaining('customerId'),
    });
    expect(await handleSetStage(db, { customerId: 'ghost', stageId: 'ordered' }, T0)).toMatchObject(
      {
        ok: false,
        error: expect.stringContaining('customerId: no customer ghost'),
      },
    );
  });
});

describe('tier in the view', () => {
  it('shows the tier and what is missing for the next one', async () => {
    const db = freshDb();
    const { customerId } = await stageOf(db, T0);
    await putOrder(db, {
      customerId,
      code: 'A1',
      placedAt: T0 - 30 * DAY,
      total: 3_000_000,
      status: 'delivered',
    });
    await putOrder(db, {
      customerId,
      code: 'A2',
      placedAt: T0 - 10 * DAY,
      total: 1_650_000,
      status: 'delivered',
    });
    const view = await stageOf(db, T0);
    expect(view.tier).toEqual({
      id: 'silver',
      name: 'Bạc',
      next: { id: 'gold', name: 'Vàng', missing: 350_000 },
    });
  });

  it('follows the manager’s tiers, and refuses a tier below the one before it', async () => {
    const db = freshDb();
    const bad = await handleSaveTiers(db, {
      tiers: [
        { id: 'member', name: 'Thành viên', minSpend: 0 },
        { id: 'vip', name: 'VIP', minSpend: 500_000 },
        { id: 'svip', name: 'SVIP', minSpend: 100_000 },
      ],
    });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('tiers.2.minSpend') });
    const ok = await handleSaveTiers(db, {
      windowMonths: 6,
      tiers: [
        { id: 'member', name: 'Thành viên', minSpend: 0 },
        { id: 'vip', name: 'VIP', minSpend: 500_000 },
      ],
    });
    expect(ok.ok).toBe(true);
    const { customerId } = await stageOf(db, T0);
    await putOrder(db, {
      customerId,
      code: 'A1',
      placedAt: T0 - DAY,
      total: 600_000,
      status: 'pending',
    });
    expect((await stageOf(db, T0)).tier).toEqual({ id: 'vip', name: 'VIP' });
  });
});

describe('pipeline settings and board', () => {
  it('stores the manager’s stages; duplicates are refused by field', async () => {
    const db = freshDb();
    const bad = await handleSavePipeline(db, {
      stages: [
        { id: 'a', name: 'Mới' },
        { id: 'b', name: 'moi' },
      ],
    });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('stages.1.name') });
    const ok = await handleSavePipeline(db, {
      stages: [
        { id: 'new', name: 'Mới' },
        { id: 'won', name: 'Đã mua', signal: 'order' },
      ],
    });
    expect(ok.ok).toBe(true);
    expect((await stageOf(db, T0)).stages).toEqual([
      { id: 'new', name: 'Mới' },
      { id: 'won', name: 'Đã mua' },
    ]);
  });

  it('lists customers by stage, capped per column, with the period’s figures', async () => {
    const db = freshDb();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await stageOf(db, T0 + i * 1000, {
        externalId: `10000000000000${i}`,
        displayName: `Khách ${i}`,
      });
      ids.push(v.customerId);
    }
    await putOrder(db, {
      customerId: ids[0]!,
      code: 'A1',
      placedAt: T0 + DAY,
      total: 5_000_000,
      status: 'pending',
    });
    await handleSetStage(db, { customerId: ids[1]!, stageId: 'consulted' }, T0 + 2 * DAY, 'Mai');
    const r = await handleGetPipelineBoard(
      db,
      { from: '2026-12-01', to: '2026-12-31', perColumn: 2 },
      T0 + 3 * DAY,
    );
    if (!r.ok) throw new Error(r.error);
    const col = Object.fromEntries(r.columns.map((c) => [c.stageId, c]));
    expect(col.interested!.total).toBe(3);
    expect(col.interested!.cards.map((c) => c.name)).toEqual(['Khách 4', 'Khách 3']);
    expect(col.consulted!.cards).toMatchObject([{ name: 'Khách 1', setBy: 'agent' }]);
    expect(col.ordered!.cards).toMatchObject([{ name: 'Khách 0', setBy: 'signal', tier: 'Vàng' }]);
    expect(r.agents).toEqual(['Mai']);
    expect(r.stats[0]).toMatchObject({ stageId: 'interested', reached: 5, advanced: 2 });
    // Filtered by the agent who moved them.
    const mine = await handleGetPipelineBoard(
      db,
      { from: '2026-12-01', to: '2026-12-31', agent: 'Mai' },
      T0 + 3 * DAY,
    );
    expect(mine.ok && mine.columns.map((c) => c.total)).toEqual([0, 1, 0, 0, 0]);
    expect(await handleGetPipelineBoard(db, { from: '2026-12-31', to: '2026-12-01' }, T0)).toEqual({
      ok: false,
      error: 'getPipelineBoard: bad request: from: must not be after to',
    });
    expect(
      await handleGetPipelineBoard(db, { from: 'yesterday', to: '2026-12-01' }, T0),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('from'),
    });
  });
});

describe('customer.stage sync', () => {
  const stageMutation = (id: string, hlc: string, stageId: string) =>
    MutationSchema.parse({
      id,
      hlc,
      kind: 'customer.stage',
      data: { customerId: 'c1', stageId, setBy: 'agent', at: 1, by: 'Lan' },
    });

  it('is last writer wins by HLC, in any order', () => {
    const a = stageMutation('m1', '001767225600000-00000-a', 'ordered');
    const b = stageMutation('m2', '001767225600001-00000-b', 'loyal');
    const one = applyMutation(applyMutation(emptyState(), a), b);
    const two = applyMutation(applyMutation(emptyState(), b), a);
    expect(customerView(one.customers.c1!).stage).toMatchObject({ stageId: 'loyal', by: 'Lan' });
    expect(customerView(two.customers.c1!)).toEqual(customerView(one.customers.c1!));
  });

  it('a pulled choice newer than ours replaces it; an older one does not', async () => {
    const db = freshDb();
    const { customerId } = await stageOf(db, T0);
    const row = (stageId: string, hlc: string, seq: number) => ({
      t: 'customers' as const,
      id: customerId,
      seq,
      f: {
        displayName: 'Nguyễn Thu Hà',
        stage: { stageId, setBy: 'agent', at: T0 + seq, by: 'Tuấn' },
      },
      c: { displayName: hlc, stage: hlc },
    });
    await applyPulledRows(db, [row('received', '001796000000000-00000-n1', 1)], T0);
    expect((await db.stages.get(customerId))?.stageId).toBe('received');
    await applyPulledRows(db, [row('consulted', '001795000000000-00000-n1', 2)], T0);
    expect((await db.stages.get(customerId))?.stageId).toBe('received');
    const view = await stageOf(db, T0 + DAY);
    expect(view.stage).toEqual({ id: 'received', name: 'Đã nhận hàng', setBy: 'agent' });
  });
});
