// A fresh install's first pull through GET /v1/sync/snapshot (storage/sync-client.ts on
// fake-indexeddb, against the real server on PGlite or PostgreSQL): every row lands once,
// writes made meanwhile still arrive, a bootstrap cut off midway resumes where it stopped,
// and an older server without the endpoint still gets a full pull.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHlc } from '../../core/sync/hlc';
import { KqDb } from '../../storage/db';
import { labelsOf } from '../../storage/labels';
import { SyncClient } from '../../storage/sync-client';
import {
  type Client,
  client,
  type Instance,
  instance,
  makeTeam,
  openTestDb,
  type Team,
  type TestDb,
} from './harness';

const URL_BASE = 'http://crm.test';
const CUSTOMERS = 40;
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

let n = 0;
const hlc = () => packHlc({ ms: Date.now(), counter: n % 100_000, node: 'boot' });
const mutation = (kind: string, data: Record<string, unknown>) => ({
  id: `m-${++n}`,
  hlc: hlc(),
  kind,
  data,
});
const cid = (i: number) => `cust-${String(i).padStart(3, '0')}`;

/** 40 customers with a Messenger and a Zalo identity each, a label on one, a note on another. */
async function seedTeam(name: string): Promise<{ team: Team; mgr: Client; labelId: string }> {
  const team = await makeTeam(t.db, name);
  const mgr = client(srv.app, team.manager);
  const label = await mgr.post('/v1/labels', { name: 'Khách sỉ', color: '#0ea5e9' });
  const labelId = label.body.label.id as string;
  const all = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    all.push(
      mutation('customer.upsert', {
        id: cid(i),
        displayName: `Nguyễn Thị Ánh ${i}`,
        phones: [`+8491${String(1_000_000 + i)}`],
        firstSeenAt: 1_700_000_000_000 + i,
        firstSeenPlatform: 'zalo',
        lastSeenAt: 1_700_000_100_000,
      }),
      mutation('identity.upsert', {
        id: `${cid(i)}-m`,
        customerId: cid(i),
        platform: 'messenger',
        accountId: 'page-1',
        externalId: `1000${i}`,
        idConfidence: 'strong',
        displayName: `Ánh ${i}`,
      }),
      mutation('identity.upsert', {
        id: `${cid(i)}-z`,
        customerId: cid(i),
        platform: 'zalo',
        accountId: 'oa-1',
        externalId: `z${i}`,
        idConfidence: 'strong',
      }),
    );
  }
  all.push(mutation('label.assign', { customerId: cid(3), labelId }));
  all.push(
    mutation('note.add', { id: 'note-1', customerId: cid(4), text: 'Giao hàng buổi chiều' }),
  );
  for (let i = 0; i < all.length; i += 200) {
    const r = await mgr.post('/v1/sync/push', { mutations: all.slice(i, i + 200) });
    expect(r.status).toBe(200);
  }
  return { team, mgr, labelId };
}

/** fetch() into the in-process server, recording paths; `before` may fail or delay a call. */
function net(before?: (path: string, calls: string[]) => Promise<void> | void) {
  const calls: string[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const path = String(input).slice(URL_BASE.length);
    calls.push(path);
    await before?.(path, calls);
    return srv.app.request(String(input), init as RequestInit);
  };
  return { calls, fetcher };
}

const freshDb = () => new KqDb(`kq-boot-${Math.random()}`);
const cursorOf = async (db: KqDb) => (await db.settings.get('sync.cursor'))?.value as string;
const snapshotCalls = (calls: string[]) => calls.filter((c) => c.startsWith('/v1/sync/snapshot'));

describe('first pull into a fresh install', () => {
  it('takes the team from the snapshot endpoint, page by page, every row once', async () => {
    const { team, labelId } = await seedTeam('Boot all');
    const db = freshDb();
    const { calls, fetcher } = net();
    const sync = new SyncClient(db, { fetch: fetcher, snapshotPage: 25 });
    await sync.connect({ url: URL_BASE, token: team.agent });
    expect(await sync.syncNow()).toMatchObject({ state: 'synced' });

    // 40 customers + 80 identities + label + assignment + note = 123 rows in pages of 25.
    expect(snapshotCalls(calls)).toHaveLength(5);
    expect(calls.some((c) => c.startsWith('/v1/sync/pull') && !c.includes('since='))).toBe(false);
    expect(await db.customers.count()).toBe(CUSTOMERS);
    expect(await db.identities.count()).toBe(2 * CUSTOMERS);
    const c7 = await db.customers.get(cid(7));
    expect(c7).toMatchObject({
      displayName: 'Nguyễn Thị Ánh 7',
      nameKey: 'nguyen thi anh 7',
      phones: ['+84911000007'],
      firstSeenAt: 1_700_000_000_007,
    });
    const byKey = await db.identities
      .where('[platform+accountId+externalId]')
      .equals(['zalo', 'oa-1', 'z7'])
      .first();
    expect(byKey?.customerId).toBe(cid(7));
    expect(await labelsOf(db, cid(3))).toEqual([
      { id: labelId, name: 'Khách sỉ', color: '#0ea5e9' },
    ]);
    expect((await db.notes.get('note-1'))?.text).toBe('Giao hàng buổi chiều');
    // The bootstrap ends on a change-log position, which the next pull continues from.
    expect(await cursorOf(db)).toMatch(/^\d+$/);
  });

  it("brings an agent's pipeline stage and the team's care items along", async () => {
    const { team, mgr } = await seedTeam('Boot stage');
    const pushed = await mgr.post('/v1/sync/push', {
      mutations: [
        mutation('customer.stage', {
          customerId: cid(5),
          stageId: 'ordered',
          setBy: 'agent',
          by: 'Lan',
          at: 1_700_000_200_000,
        }),
        mutation('care.reminder', {
          id: `${cid(6)}|reminder|r1`,
          customerId: cid(6),
          occasion: 'r1',
          dueAt: 1_700_000_300_000,
          note: 'Gọi lại báo giá',
        }),
      ],
    });
    expect(pushed.status).toBe(200);
    const db = freshDb();
    const { calls, fetcher } = net();
    const sync = new SyncClient(db, { fetch: fetcher, snapshotPage: 25 });
    await sync.connect({ url: URL_BASE, token: team.agent });
    expect(await sync.syncNow()).toMatchObject({ state: 'synced' });
    expect(snapshotCalls(calls).length).toBeGreaterThan(1);
    // Customers come without clocks, but the stage's stamp comes along: its view needs it.
    expect(await db.stages.get(cid(5))).toMatchObject({ stageId: 'ordered', setBy: 'agent' });
    expect(await db.careItems.get(`${cid(6)}|reminder|r1`)).toMatchObject({
      kind: 'reminder',
      state: 'open',
    });
  });

  it('writes made while the snapshot is read still arrive, nothing doubled', async () => {
    const { team, mgr } = await seedTeam('Boot writes');
    const db = freshDb();
    let wrote = false;
    const { fetcher } = net(async (path, calls) => {
      // After the first page went out, someone renames a customer already sent, renames one
      // not sent yet, and adds a new one.
      if (!wrote && path.startsWith('/v1/sync/snapshot') && snapshotCalls(calls).length === 2) {
        wrote = true;
        const r = await mgr.post('/v1/sync/push', {
          mutations: [
            mutation('customer.upsert', { id: cid(0), displayName: 'Đã đổi tên (đã gửi)' }),
            mutation('customer.upsert', { id: cid(39), displayName: 'Đã đổi tên (chưa gửi)' }),
            mutation('customer.upsert', { id: 'cust-new', displayName: 'Khách mới giữa chừng' }),
          ],
        });
        expect(r.status).toBe(200);
      }
    });
    const sync = new SyncClient(db, { fetch: fetcher, snapshotPage: 10 });
    await sync.connect({ url: URL_BASE, token: team.agent });
    await sync.syncNow();
    expect(wrote).toBe(true);
    expect((await db.customers.get(cid(0)))?.displayName).toBe('Đã đổi tên (đã gửi)');
    expect((await db.customers.get(cid(39)))?.displayName).toBe('Đã đổi tên (chưa gửi)');
    expect((await db.customers.get('cust-new'))?.nameKey).toBe('khach moi giua chung');
    expect(await db.customers.count()).toBe(CUSTOMERS + 1);
    expect(await db.identities.count()).toBe(2 * CUSTOMERS);
  });

  it('cut off midway, it resumes after the last stored page and ends with every row once', async () => {
    const { team, mgr } = await seedTeam('Boot resume');
    const db = freshDb();
    let down = false;
    const { calls, fetcher } = net((path, all) => {
      if (path.startsWith('/v1/sync/snapshot') && snapshotCalls(all).length === 4) down = true;
      if (down) throw new TypeError('Failed to fetch');
    });
    const sync = new SyncClient(db, { fetch: fetcher, snapshotPage: 20 });
    await sync.connect({ url: URL_BASE, token: team.agent });
    expect(await sync.syncNow()).toMatchObject({ state: 'offline' });
    // Three pages stored with their cursor; nothing after.
    const saved = await cursorOf(db);
    expect(saved).toMatch(/^\d+~\d~/);
    const stored = await Promise.all([
      db.labels.count(),
      db.customers.count(),
      db.identities.count(),
    ]);
    expect(stored[0] + stored[1] + stored[2]).toBe(60);

    // While offline, a teammate adds a customer.
    await mgr.post('/v1/sync/push', {
      mutations: [mutation('customer.upsert', { id: 'cust-late', displayName: 'Khách đến muộn' })],
    });
    down = false;
    const before = calls.length;
    expect(await sync.syncNow()).toMatchObject({ state: 'synced' });
    const resumed = snapshotCalls(calls.slice(before));
    expect(new URL(resumed[0] ?? '', URL_BASE).searchParams.get('after')).toBe(saved);
    expect(await db.customers.count()).toBe(CUSTOMERS + 1);
    expect(await db.identities.count()).toBe(2 * CUSTOMERS);
    expect((await db.customers.get('cust-late'))?.displayName).toBe('Khách đến muộn');
    expect(await cursorOf(db)).toMatch(/^\d+$/);
  });

  it('an older server without the endpoint still gets the whole team through the change-log pull', async () => {
    const { team } = await seedTeam('Boot old server');
    const db = freshDb();
    const { calls, fetcher: inner } = net();
    const fetcher: typeof fetch = async (input, init) => {
      if (String(input).includes('/v1/sync/snapshot')) {
        calls.push('404');
        return Response.json(
          { error: { code: 'not_found', message: 'no route' } },
          { status: 404 },
        );
      }
      return inner(input, init);
    };
    const sync = new SyncClient(db, { fetch: fetcher });
    await sync.connect({ url: URL_BASE, token: team.agent });
    expect(await sync.syncNow()).toMatchObject({ state: 'synced' });
    expect(calls).toContain('404');
    expect(await db.customers.count()).toBe(CUSTOMERS);
    expect(await db.identities.count()).toBe(2 * CUSTOMERS);
  });
});
