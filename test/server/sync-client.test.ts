// The extension's sync client (storage/sync-client.ts, Dexie on fake-indexeddb) against the
// real server on PGlite or PostgreSQL: connect, upload what was stored local-only, share
// customers and labels between two agents, survive an unreachable or refusing server.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSnapshot } from '../../core/snapshot';
import type { SyncStatus } from '../../core/sync/status';
import { recordConversation } from '../../storage/conversations';
import { KqDb } from '../../storage/db';
import { assignLabel, labelsOf, unassignLabel } from '../../storage/labels';
import { LOOKUP_TIMEOUT_MS, SyncClient } from '../../storage/sync-client';
import {
  client,
  type Instance,
  instance,
  makeTeam,
  openTestDb,
  type Team,
  type TestDb,
} from './harness';

const URL_BASE = 'http://crm.test';
let t: TestDb;
let srv: Instance;
let team: Team;

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 10_000, burst: 100_000 } });
  team = await makeTeam(t.db, 'Sync Shop');
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

let dbCount = 0;
const freshDb = () => new KqDb(`kq-sync-${++dbCount}-${Math.random()}`);

/** fetch() into the in-process server, with switches to simulate a bad network. */
function net() {
  const state = { down: false, delayMs: 0, loseResponses: 0, calls: 0 };
  const fetcher: typeof fetch = async (input, init) => {
    state.calls++;
    if (state.down) throw new TypeError('Failed to fetch');
    if (state.delayMs) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, state.delayMs);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new DOMException('The operation timed out.', 'TimeoutError'));
        });
      });
    }
    const res = await srv.app.request(String(input), init as RequestInit);
    if (state.loseResponses > 0) {
      // The server applied the request, then the connection died before the answer came.
      state.loseResponses--;
      throw new TypeError('network connection lost');
    }
    return res;
  };
  return { state, fetcher };
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20, 3, 0, 0);

function snapshot(externalId: string, name: string): ConversationSnapshot {
  return {
    platform: 'messenger',
    accountId: '104857600012345',
    externalId,
    idSource: 'tab-link',
    idConfidence: 'strong',
    displayName: name,
    isGroup: false,
    messages: [{ direction: 'in', text: 'Shop ơi còn hàng không?' }],
    health: { verdict: 'ok' },
    capturedAt: T0,
  };
}
const clockAt = (now: number) => ({ now: () => now, utcOffsetMinutes: () => 420 });

describe('sync client against the team server', () => {
  it('refuses a bad token with the server’s reason and stores nothing', async () => {
    const db = freshDb();
    const sync = new SyncClient(db, { fetch: net().fetcher });
    await expect(sync.connect({ url: URL_BASE, token: 'not-a-real-token-123' })).rejects.toThrow(
      /token/i,
    );
    expect(await sync.connection()).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('uploads what was stored local-only, and a second agent recognises the customer', async () => {
    const a = freshDb();
    const b = freshDb();
    // Agent A worked without a server yesterday.
    const first = await recordConversation(
      a,
      snapshot('100004827315590', 'Thu Hà'),
      clockAt(T0 - DAY),
    );
    expect(await a.outbox.count()).toBe(0);

    const syncA = new SyncClient(a, { fetch: net().fetcher });
    const me = await syncA.connect({ url: `${URL_BASE}/`, token: team.agent });
    expect(me).toMatchObject({ teamName: 'Sync Shop', role: 'agent' });
    expect(await a.outbox.count()).toBeGreaterThan(0);
    expect(await syncA.syncNow()).toMatchObject({ state: 'synced' });
    expect(await a.outbox.count()).toBe(0);

    // Agent B, fresh install, connects and pulls: today the customer is returning.
    const syncB = new SyncClient(b, { fetch: net().fetcher });
    await syncB.connect({ url: URL_BASE, token: team.agent2 });
    await syncB.syncNow();
    const view = await recordConversation(b, snapshot('100004827315590', 'Thu Hà'), clockAt(T0));
    expect(view.customerId).toBe(first.customerId);
    expect(view.status).toBe('returning');
    expect(view.evidence[0]?.code).toBe('earlier-contact-record');
  });

  it('an unknown person is looked up on the server before a new customer is made', async () => {
    const a = freshDb();
    const b = freshDb();
    const syncA = new SyncClient(a, { fetch: net().fetcher });
    await syncA.connect({ url: URL_BASE, token: team.agent });
    const seen = await recordConversation(
      a,
      snapshot('100071234508812', 'Trần Minh Khoa'),
      clockAt(T0 - 2 * DAY),
    );
    await syncA.syncNow();

    const syncB = new SyncClient(b, { fetch: net().fetcher });
    await syncB.connect({ url: URL_BASE, token: team.agent2 });
    // No pull yet: only the lookup can know them.
    const key = {
      platform: 'messenger' as const,
      accountId: '104857600012345',
      externalId: '100071234508812',
    };
    expect(await syncB.lookupIdentity(key)).toBe(true);
    const view = await recordConversation(
      b,
      snapshot('100071234508812', 'Trần Minh Khoa'),
      clockAt(T0),
    );
    expect(view.customerId).toBe(seen.customerId);
  });

  it('a lookup that takes longer than 300 ms gives up and the agent goes on locally', async () => {
    const db = freshDb();
    const n = net();
    const sync = new SyncClient(db, { fetch: n.fetcher });
    await sync.connect({ url: URL_BASE, token: team.agent });
    n.state.delayMs = 2_000;
    const started = performance.now();
    const found = await sync.lookupIdentity({
      platform: 'zalo',
      accountId: 'zalo-web',
      externalId: '7412638450192837465',
    });
    const took = performance.now() - started;
    expect(found).toBe(false);
    expect(took).toBeLessThan(LOOKUP_TIMEOUT_MS + 700);
  });

  it('labels a manager renames and assigns reach the other agent; unassign converges', async () => {
    const manager = freshDb();
    const agent = freshDb();
    const statuses: SyncStatus[] = [];
    const applied: string[][] = [];
    const syncM = new SyncClient(manager, { fetch: net().fetcher });
    const syncA = new SyncClient(agent, {
      fetch: net().fetcher,
      onStatus: (s) => statuses.push(s),
      onApplied: (r) => applied.push([...r.customers]),
    });
    await syncM.connect({ url: URL_BASE, token: team.manager });
    await syncA.connect({ url: URL_BASE, token: team.agent });

    const api = client(srv.app, team.manager);
    const created = await api.post('/v1/labels', { name: 'Khách sỉ', color: '#0ea5e9' });
    expect(created.status).toBe(201);
    const labelId = created.body.label?.id ?? created.body.id;
    const seen = await recordConversation(
      manager,
      snapshot('100009999000001', 'Phạm Quốc Bảo'),
      clockAt(T0),
    );
    await syncM.syncNow();
    await assignLabel(manager, seen.customerId, labelId);
    expect((await api.patch(`/v1/labels/${labelId}`, { name: 'Khách VIP' })).status).toBe(200);
    await syncM.syncNow();

    await syncA.syncNow();
    expect(await labelsOf(agent, seen.customerId)).toEqual([
      { id: labelId, name: 'Khách VIP', color: '#0ea5e9' },
    ]);
    expect(applied.flat()).toContain(seen.customerId);
    expect(statuses.at(-1)).toMatchObject({ state: 'synced' });

    // The agent takes it off; the manager sees it gone.
    await unassignLabel(agent, seen.customerId, labelId);
    await syncA.syncNow();
    await syncM.syncNow();
    expect(await labelsOf(manager, seen.customerId)).toEqual([]);
  });

  it('offline: changes wait in the outbox, status says so, and go once the server is back', async () => {
    const db = freshDb();
    const n = net();
    const sync = new SyncClient(db, { fetch: n.fetcher });
    await sync.connect({ url: URL_BASE, token: team.agent });
    await sync.syncNow();
    n.state.down = true;
    await recordConversation(db, snapshot('100000000000777', 'Lê Văn Tám'), clockAt(T0));
    const offline = await sync.syncNow();
    expect(offline).toMatchObject({ state: 'offline', count: 3 });
    if (offline.state === 'offline') expect(offline.retryAt).toBeGreaterThan(Date.now());
    expect(sync.backoffMs()).toBeGreaterThan(0);

    n.state.down = false;
    expect(await sync.syncNow()).toMatchObject({ state: 'synced' });
    expect(sync.backoffMs()).toBe(0);
    const found = await client(srv.app, team.agent2).get(
      '/v1/customers/lookup?platform=messenger&accountId=104857600012345&externalId=100000000000777',
    );
    expect(found.body.matches).toHaveLength(1);
  });

  it('a push whose answer was lost is sent again and applied once', async () => {
    const db = freshDb();
    const n = net();
    const sync = new SyncClient(db, { fetch: n.fetcher });
    await sync.connect({ url: URL_BASE, token: team.agent });
    await sync.syncNow();
    const day = T0 + 5 * DAY;
    await recordConversation(db, snapshot('100000000000888', 'Ngô Thị Chín'), clockAt(day));
    n.state.loseResponses = 1;
    expect(await sync.syncNow()).toMatchObject({ state: 'offline' });
    expect(await sync.syncNow()).toMatchObject({ state: 'synced' });
    const found = await client(srv.app, team.agent2).get(
      '/v1/customers/lookup?platform=messenger&accountId=104857600012345&externalId=100000000000888',
    );
    expect(found.body.matches).toHaveLength(1);
    expect(found.body.matches[0].contactDays).toBe(1);
    // A fresh agent pulls the team's rows: the sighting counted once, not twice.
    const other = freshDb();
    const syncOther = new SyncClient(other, { fetch: net().fetcher });
    await syncOther.connect({ url: URL_BASE, token: team.agent2 });
    await syncOther.syncNow();
    const identity = await other.identities
      .where('[platform+externalId]')
      .equals(['messenger', '100000000000888'])
      .first();
    const tp = await other.touchpoints
      .where('identityId')
      .equals(identity?.id ?? '?')
      .toArray();
    expect(tp.map((x) => x.count)).toEqual([1]);
  });

  it('a revoked token turns into an error status with the reason, keeping the outbox', async () => {
    const owner = client(srv.app, team.owner);
    const invited = await owner.post('/v1/members', { name: 'Tạm thời', role: 'agent' });
    expect(invited.status).toBe(201);
    const db = freshDb();
    const sync = new SyncClient(db, { fetch: net().fetcher });
    await sync.connect({ url: URL_BASE, token: invited.body.token });
    await sync.syncNow();
    expect((await owner.delete(`/v1/members/${invited.body.memberId}`)).status).toBeLessThan(300);
    await recordConversation(db, snapshot('100000000000999', 'Đỗ Mười'), clockAt(T0));
    const status = await sync.syncNow();
    expect(status).toMatchObject({ state: 'error', code: 'unauthorized' });
    expect(await db.outbox.count()).toBeGreaterThan(0);
  });

  it('disconnecting keeps every local row and goes back to local-only', async () => {
    const db = freshDb();
    const sync = new SyncClient(db, { fetch: net().fetcher });
    await sync.connect({ url: URL_BASE, token: team.agent });
    await recordConversation(db, snapshot('100000000001010', 'Vũ Mười Một'), clockAt(T0));
    await sync.disconnect();
    expect(await sync.connection()).toBeUndefined();
    expect(sync.status()).toEqual({ state: 'local' });
    expect(await db.customers.count()).toBeGreaterThan(0);
    await recordConversation(db, snapshot('100000000001010', 'Vũ Mười Một'), clockAt(T0 + DAY));
    expect(await db.outbox.count()).toBe(0);
  });
});
