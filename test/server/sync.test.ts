// Sync over HTTP: simulated extension replicas edit offline, reconnect in different orders
// and end identical; retried pushes apply once; snapshots page safely under writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHlc } from '../../core/sync/hlc';
import { Replica } from '../../core/sync/replica';
import { canonicalJson } from '../../core/sync/state';
import { materialize } from '../../core/sync/views';
import {
  type Client,
  client,
  type Instance,
  instance,
  type Json,
  makeTeam,
  openTestDb,
  type TestDb,
} from './harness';

let t: TestDb;
let srv: Instance;

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 10_000, burst: 100_000 } });
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

async function push(api: Client, r: Replica) {
  for (let out = r.outbox(50); out.length > 0; out = r.outbox(50)) {
    const res = await api.post('/v1/sync/push', { mutations: out });
    expect(res.status).toBe(200);
    r.acknowledge(res.body.results);
  }
}
async function pull(api: Client, r: Replica, limit = 1000) {
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (r.cursor !== undefined) q.set('since', r.cursor);
    const res = await api.get(`/v1/sync/pull?${q}`);
    expect(res.status).toBe(200);
    r.mergePull(res.body);
    if (!res.body.hasMore) return;
  }
}
const view = (r: Replica) => canonicalJson(materialize(r.view()));

const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

describe('convergence through the server', () => {
  it.each(ORDERS)(
    'offline conflicting edits, reconnecting in order %j, end identical everywhere',
    async (...order) => {
      const team = await makeTeam(t.db, `Conv ${order.join('')}`);
      const apis = [
        client(srv.app, team.manager),
        client(srv.app, team.agent),
        client(srv.app, team.agent2),
      ];
      let skew = 0;
      const wall = () => Date.now() + skew;
      const reps = ['mgr', 'ag1', 'ag2'].map((n) => new Replica(n, wall));
      const [mgr, ag1, ag2] = reps as [Replica, Replica, Replica];

      // Online: the manager sets up labels, an agent records a customer with one label.
      mgr.mutate('label.create', { id: 'vip', name: 'VIP', color: '#ffd700', order: 0 });
      mgr.mutate('label.create', { id: 'si', name: 'Khách sỉ', color: '#2e7d32', order: 1 });
      await push(apis[0]!, mgr);
      await pull(apis[1]!, ag1);
      ag1.mutate('customer.upsert', {
        id: 'lan',
        displayName: 'Chị Lan',
        firstSeenAt: 1,
        firstSeenPlatform: 'zalo',
      });
      ag1.mutate('label.assign', { customerId: 'lan', labelId: 'vip' });
      ag1.mutate('note.add', {
        id: 'n1',
        customerId: 'lan',
        text: 'Hay đổi size',
        author: team.ids.agent,
      });
      await push(apis[1]!, ag1);
      for (const [i, r] of reps.entries()) await pull(apis[i]!, r);
      expect(new Set(reps.map(view)).size).toBe(1);

      // Offline: everyone edits the same things.
      skew = 10;
      const tagsSeen = materialize(ag2.view()).assignments[0]!.tags;
      ag2.mutate('label.unassign', { customerId: 'lan', labelId: 'vip', tags: tagsSeen }); // B removes what it saw
      ag1.mutate('label.assign', { customerId: 'lan', labelId: 'vip' }); // A re-assigns concurrently (add wins)
      ag1.mutate('label.assign', { customerId: 'lan', labelId: 'si' });
      ag2.mutate('label.unassign', { customerId: 'lan', labelId: 'si', tags: ['never-seen'] });
      mgr.mutate('label.update', { id: 'vip', name: 'Khách VIP' });
      skew = 20;
      ag2.mutate('customer.upsert', { id: 'lan', displayName: 'Lan Phụ Tùng' });
      ag1.mutate('note.edit', { id: 'n1', text: 'Hay đổi size, thích màu đỏ' });
      mgr.mutate('label.update', { id: 'vip', color: '#ff0000' });
      skew = 30;
      ag1.mutate('customer.upsert', { id: 'lan', displayName: 'Chị Lan (sỉ)' });
      ag2.mutate('touchpoint.record', {
        id: 'z:2026-11-23',
        customerId: 'lan',
        identityId: 'z',
        platform: 'zalo',
        day: '2026-11-23',
        at: 5,
      });
      ag1.mutate('touchpoint.record', {
        id: 'z:2026-11-23',
        customerId: 'lan',
        identityId: 'z',
        platform: 'zalo',
        day: '2026-11-23',
        at: 9,
      });

      // Reconnect in the given order, each pushing then pulling; then everyone pulls again.
      for (const i of order) {
        await push(apis[i]!, reps[i]!);
        await pull(apis[i]!, reps[i]!, 2);
      }
      for (const i of order) await pull(apis[i]!, reps[i]!);

      const views = reps.map(view);
      expect(new Set(views).size).toBe(1);
      const fresh = new Replica('fresh', wall);
      await pull(apis[2]!, fresh, 3);
      expect(view(fresh)).toBe(views[0]);

      const final = materialize(mgr.view());
      expect(final.labels.map((l) => [l.id, l.name, l.color])).toEqual([
        ['vip', 'Khách VIP', '#ff0000'],
        ['si', 'Khách sỉ', '#2e7d32'],
      ]);
      // Add wins: A's concurrent assign survives B's unassign of the tag B had seen.
      expect(final.assignments.map((a) => a.labelId)).toEqual(['si', 'vip']);
      expect(final.customers[0]!.displayName).toBe('Chị Lan (sỉ)');
      expect(final.notes[0]!.text).toBe('Hay đổi size, thích màu đỏ');
      expect(final.touchpoints[0]).toMatchObject({ count: 2, firstAt: 5, lastAt: 9 });
      for (const r of reps) expect(r.pendingCount).toBe(0);
    },
  );
});

describe('exactly once', () => {
  it('a retried push is acknowledged as duplicate and not applied twice', async () => {
    const team = await makeTeam(t.db, 'Retry');
    const api = client(srv.app, team.agent);
    const now = Date.now();
    const mutations = Array.from({ length: 5 }, (_, i) => ({
      id: `tp-${i}`,
      hlc: packHlc({ ms: now, counter: i, node: 'dev1' }),
      kind: 'touchpoint.record',
      data: {
        id: 'i1:2026-11-23',
        customerId: 'c1',
        identityId: 'i1',
        platform: 'messenger',
        day: '2026-11-23',
        at: now + i,
      },
    }));
    const first = await api.post('/v1/sync/push', { mutations });
    expect(first.body.results.map((r: Json) => r.status)).toEqual(Array(5).fill('applied'));
    const again = await api.post('/v1/sync/push', { mutations: [...mutations, mutations[0]] });
    expect(again.body.results.map((r: Json) => r.status)).toEqual(Array(6).fill('duplicate'));
    expect(again.body.results.map((r: Json) => r.seq)).toEqual([
      ...first.body.results.map((r: Json) => r.seq),
      first.body.results[0].seq,
    ]);
    expect(again.body.seq).toBe(first.body.seq);

    const snap = await api.get('/v1/sync/pull');
    const tp = snap.body.rows.find((r: Json) => r.t === 'touchpoints');
    expect(tp.f.count).toBe(5);
    const feed = await api.get('/v1/sync/pull?since=0');
    expect(feed.body.changes.map((c: Json) => c.mutationId)).toEqual(mutations.map((m) => m.id));

    // The same id with different content is refused, not silently merged.
    const reused = await api.post('/v1/sync/push', {
      mutations: [{ ...mutations[1], data: { ...mutations[1]!.data, at: 1 } }],
    });
    expect(reused.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'conflict' },
    });
  });

  it('a batch is all-or-nothing: a failure mid-batch leaves nothing half-written', async () => {
    const team = await makeTeam(t.db, 'Atomic');
    const api = client(srv.app, team.agent);
    const boom = await instance(
      {
        ...t.db,
        tx: (fn) =>
          t.db.tx(async (q) => {
            let n = 0;
            return fn({
              ...q,
              query: async (sql: string, params?: unknown[]) => {
                if (sql.includes('INSERT INTO changes') && n++ === 0) throw new Error('disk full');
                return q.query(sql, params);
              },
            } as typeof q);
          }),
      },
      {},
    );
    const mutations = [
      {
        id: 'at-1',
        hlc: packHlc({ ms: Date.now(), counter: 0, node: 'd' }),
        kind: 'customer.upsert',
        data: { id: 'c', displayName: 'A' },
      },
      {
        id: 'at-2',
        hlc: packHlc({ ms: Date.now(), counter: 1, node: 'd' }),
        kind: 'customer.upsert',
        data: { id: 'c2', displayName: 'B' },
      },
    ];
    const failed = await client(boom.app, team.agent).post('/v1/sync/push', { mutations });
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('internal');
    await boom.stop();
    expect((await api.get('/v1/sync/pull')).body.rows).toEqual([]);
    const retried = await api.post('/v1/sync/push', { mutations });
    expect(retried.body.results.map((r: Json) => r.status)).toEqual(['applied', 'applied']);
    expect(retried.body.seq).toBe(2);
  });

  it('refuses stamps far in the future (a device with a wrong clock)', async () => {
    const team = await makeTeam(t.db, 'Skew');
    const r = await client(srv.app, team.agent).post('/v1/sync/push', {
      mutations: [
        {
          id: 's1',
          hlc: packHlc({ ms: Date.now() + 3_600_000, counter: 0, node: 'd' }),
          kind: 'customer.upsert',
          data: { id: 'c' },
        },
      ],
    });
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'bad_request' } });
  });
});

describe('pull', () => {
  it('pages a snapshot across tables, and writes during it are not lost', async () => {
    const team = await makeTeam(t.db, 'Paging');
    const mgr = client(srv.app, team.manager);
    const writer = new Replica('w');
    for (let i = 0; i < 7; i++)
      writer.mutate('customer.upsert', { id: `c${i}`, displayName: `Khách ${i}` });
    for (let i = 0; i < 3; i++)
      writer.mutate('label.create', { id: `l${i}`, name: `Nhãn ${i}`, color: '#000000', order: i });
    writer.mutate('label.assign', { customerId: 'c1', labelId: 'l1' });
    await push(mgr, writer);

    const reader = new Replica('r');
    const first = await mgr.get('/v1/sync/pull?limit=4');
    expect(first.body).toMatchObject({ snapshot: true, hasMore: true });
    expect(first.body.rows).toHaveLength(4);
    reader.mergePull(first.body);
    // Someone writes while the snapshot is being paged.
    writer.mutate('customer.upsert', { id: 'c0', displayName: 'Đổi tên giữa chừng' });
    writer.mutate('customer.upsert', { id: 'c99', displayName: 'Khách mới' });
    await push(mgr, writer);
    await pull(mgr, reader, 4);
    await pull(mgr, writer);
    expect(view(reader)).toBe(view(writer));
    expect(materialize(reader.view()).customers.map((c) => c.displayName)).toContain(
      'Đổi tên giữa chừng',
    );
    expect(materialize(reader.view()).customers).toHaveLength(8);
  });

  it('rejects a cursor from the future (409) or of the wrong shape (400)', async () => {
    const team = await makeTeam(t.db, 'Cursor');
    const api = client(srv.app, team.agent);
    const ahead = await api.get('/v1/sync/pull?since=999');
    expect(ahead.status).toBe(409);
    expect(ahead.body.error.code).toBe('conflict');
    const bad = await api.get('/v1/sync/pull?since=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('since');
  });
});
