// GET /v1/sync/snapshot: a fresh client's bootstrap. Pages every current row of the team
// exactly once, hands over to the change-log pull at the position it was taken so writes
// made meanwhile still arrive, resumes from any page's cursor, and keeps teams apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotPage } from '../../core/api/schemas';
import { Replica } from '../../core/sync/replica';
import { canonicalJson } from '../../core/sync/state';
import { materialize } from '../../core/sync/views';
import {
  type Client,
  client,
  type Instance,
  instance,
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

/** A snapshot page as the rows a replica merges (seq 0: anything from the change log outranks it). */
function merge(r: Replica, page: SnapshotPage) {
  r.mergePull({
    cursor: page.cursor,
    changes: [],
    rows: page.tables.flatMap(({ t: table, rows }) =>
      rows.map(([id, f, c]) => ({ t: table, id, seq: 0, f, c: c ?? {} })),
    ),
  });
}

async function pullFeed(api: Client, r: Replica) {
  for (;;) {
    const res = await api.get(`/v1/sync/pull?since=${r.cursor}`);
    expect(res.status).toBe(200);
    r.mergePull(res.body);
    if (!res.body.hasMore) return;
  }
}

/** Writes `n` customers, 2 identities each, 3 labels and one assignment as the manager. */
async function seed(api: Client, n: number) {
  const w = new Replica('w');
  for (let i = 0; i < n; i++) {
    const c = `c${String(i).padStart(3, '0')}`;
    w.mutate('customer.upsert', {
      id: c,
      displayName: `Khách ${i}`,
      phones: [`+8491000${1000 + i}`],
    });
    for (const p of ['zalo', 'messenger'] as const)
      w.mutate('identity.upsert', {
        id: `${c}-${p}`,
        customerId: c,
        platform: p,
        accountId: 'acc',
        externalId: `${p}-${i}`,
        idConfidence: 'strong',
      });
  }
  for (let i = 0; i < 3; i++)
    w.mutate('label.create', { id: `l${i}`, name: `Nhãn ${i}`, color: '#123456', order: i });
  w.mutate('label.assign', { customerId: 'c001', labelId: 'l1' });
  await push(api, w);
  await pullFeed(api, Object.assign(w, { cursor: '0' }));
  return w;
}

const view = (r: Replica) => canonicalJson(materialize(r.view()));

describe('GET /v1/sync/snapshot', () => {
  it('pages every row once, across tables, then the change-log pull continues from its seq', async () => {
    const team = await makeTeam(t.db, 'Snapshot');
    const mgr = client(srv.app, team.manager);
    const writer = await seed(mgr, 12);
    const agent = client(srv.app, team.agent);

    const reader = new Replica('r');
    const seen = new Map<string, number>();
    let after: string | undefined;
    let pages = 0;
    let seq = -1;
    for (;;) {
      const res = await agent.get(`/v1/sync/snapshot?limit=7${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body as SnapshotPage;
      pages++;
      if (seq < 0) seq = page.seq;
      expect(page.seq).toBe(seq);
      expect(page.tables.reduce((n, x) => n + x.rows.length, 0)).toBeLessThanOrEqual(7);
      for (const { t: table, rows } of page.tables)
        for (const [id] of rows) seen.set(`${table}/${id}`, (seen.get(`${table}/${id}`) ?? 0) + 1);
      merge(reader, page);
      after = page.cursor;
      if (!page.hasMore) break;
    }
    // 12 customers + 24 identities + 3 labels + 1 assignment, each exactly once.
    expect(seen.size).toBe(40);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(pages).toBe(Math.ceil(40 / 7));
    // The last cursor is the change-log position: the ordinary pull takes it as `since`.
    expect(after).toBe(String(seq));
    const feed = await agent.get(`/v1/sync/pull?since=${after}`);
    expect(feed.body).toMatchObject({ hasMore: false, rows: [], changes: [] });
    expect(view(reader)).toBe(view(writer));
    // No clocks and no change log: the page is a fraction of the old snapshot's size.
    const old = await agent.get('/v1/sync/pull?limit=5000');
    const fresh = await agent.get('/v1/sync/snapshot?limit=5000');
    expect(JSON.stringify(fresh.body).length).toBeLessThan(JSON.stringify(old.body).length * 0.6);
  });

  it('writes made while it is paged arrive through the change-log pull, nothing doubled or lost', async () => {
    const team = await makeTeam(t.db, 'Snapshot writes');
    const mgr = client(srv.app, team.manager);
    const writer = await seed(mgr, 10);
    const agent = client(srv.app, team.agent);
    const reader = new Replica('r');

    const first = (await agent.get('/v1/sync/snapshot?limit=5')).body as SnapshotPage;
    merge(reader, first);
    // While the snapshot is read: a row already sent changes, a row not yet sent changes,
    // a new customer is created, and an assignment is undone.
    writer.mutate('customer.upsert', { id: 'c000', displayName: 'Đổi tên sau khi gửi' });
    writer.mutate('identity.upsert', {
      id: 'c009-zalo',
      customerId: 'c009',
      platform: 'zalo',
      accountId: 'acc',
      externalId: 'zalo-9',
      idConfidence: 'strong',
      displayName: 'Đổi trước khi gửi',
    });
    writer.mutate('customer.upsert', { id: 'c999', displayName: 'Khách mới giữa chừng' });
    const tags = Object.keys(
      (writer.view().assignments['c001|l1']?.f.adds as Record<string, number>) ?? {},
    );
    writer.mutate('label.unassign', { customerId: 'c001', labelId: 'l1', tags });
    await push(mgr, writer);

    let after = first.cursor;
    for (;;) {
      const page = (await agent.get(`/v1/sync/snapshot?limit=5&after=${after}`))
        .body as SnapshotPage;
      expect(page.seq).toBe(first.seq);
      merge(reader, page);
      after = page.cursor;
      if (!page.hasMore) break;
    }
    expect(after).toBe(String(first.seq));
    await pullFeed(agent, reader);
    await pullFeed(mgr, writer);
    expect(view(reader)).toBe(view(writer));
    const m = materialize(reader.view());
    expect(m.customers.map((c) => c.displayName)).toEqual(
      expect.arrayContaining(['Đổi tên sau khi gửi', 'Khách mới giữa chừng']),
    );
    expect(m.customers).toHaveLength(11);
    expect(m.identities.find((i) => i.id === 'c009-zalo')?.displayName).toBe('Đổi trước khi gửi');
    expect(m.assignments).toEqual([]);
  });

  it('resumes from any page cursor with the same rows as one uninterrupted pass', async () => {
    const team = await makeTeam(t.db, 'Snapshot resume');
    await seed(client(srv.app, team.manager), 9);
    const agent = client(srv.app, team.agent);
    const all = (await agent.get('/v1/sync/snapshot?limit=50000')).body as SnapshotPage;
    expect(all.hasMore).toBe(false);
    const ids = (p: SnapshotPage) => p.tables.flatMap((x) => x.rows.map(([id]) => `${x.t}/${id}`));
    const first = (await agent.get('/v1/sync/snapshot?limit=4')).body as SnapshotPage;
    const second = (await agent.get(`/v1/sync/snapshot?limit=4&after=${first.cursor}`))
      .body as SnapshotPage;
    // The same cursor twice (the answer was lost): the same page again.
    const again = (await agent.get(`/v1/sync/snapshot?limit=4&after=${first.cursor}`))
      .body as SnapshotPage;
    expect(again).toEqual(second);
    let rest: string[] = [];
    let after = second.cursor;
    for (;;) {
      const p = (await agent.get(`/v1/sync/snapshot?limit=4&after=${after}`)).body as SnapshotPage;
      rest = rest.concat(ids(p));
      after = p.cursor;
      if (!p.hasMore) break;
    }
    expect([...ids(first), ...ids(second), ...rest]).toEqual(ids(all));
  });

  it('an empty team: one page, no rows, cursor 0', async () => {
    const team = await makeTeam(t.db, 'Snapshot empty');
    const r = await client(srv.app, team.agent).get('/v1/sync/snapshot');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ seq: 0, cursor: '0', hasMore: false, tables: [] });
  });

  it('documented errors: 401 without a token, 400 naming the field, 409 for a cursor from the future', async () => {
    const team = await makeTeam(t.db, 'Snapshot errors');
    const agent = client(srv.app, team.agent);
    const anon = await client(srv.app).get('/v1/sync/snapshot');
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('unauthorized');
    for (const [q, field] of [
      ['limit=0', 'limit'],
      ['limit=50001', 'limit'],
      ['after=s~1~0~x', 'after'],
      ['after=1~0~bad%20id', 'after'],
      ['since=0', ''],
    ] as const) {
      const r = await agent.get(`/v1/sync/snapshot?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
      if (field) expect(r.body.error.details.issues[0].path).toBe(field);
    }
    const ahead = await agent.get('/v1/sync/snapshot?after=999~0~');
    expect(ahead.status).toBe(409);
    expect(ahead.body.error).toMatchObject({ code: 'conflict', details: { field: 'after' } });
    const table = await agent.get('/v1/sync/snapshot?after=0~9~');
    expect(table.status).toBe(409);
  });
});
