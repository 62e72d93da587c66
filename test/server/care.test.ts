// Care follow-ups through the team server (storage on fake-indexeddb, the real server on
// PGlite or PostgreSQL): a reminder assigned to member B reaches B's queue; an item done on
// one device is done on the other (the same id, made on both, converges); a birthday set
// on one device reaches the other; nobody assigns a reminder to a member of another team.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSnapshot } from '../../core/snapshot';
import { careQueue, recomputeCustomerCare } from '../../storage/care';
import { handleCareAct, handleSetBirthday, handleSetReminder } from '../../storage/care-handlers';
import { recordConversation } from '../../storage/conversations';
import { KqDb } from '../../storage/db';
import { putOrder } from '../../storage/orders';
import { SyncClient } from '../../storage/sync-client';
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
let other: Team;

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 10_000, burst: 100_000 } });
  team = await makeTeam(t.db, 'Care Shop');
  other = await makeTeam(t.db, 'Other Shop');
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

const fetcher: typeof fetch = async (input, init) =>
  srv.app.request(String(input), init as RequestInit);
let dbCount = 0;
const freshDb = () => new KqDb(`kq-care-${++dbCount}-${Math.random()}`);

const DAY = 86_400_000;
/** 2026-11-20 10:00 in Vietnam. */
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
    messages: [{ direction: 'out', text: 'Dạ shop chào chị' }],
    health: { verdict: 'ok' },
    capturedAt: T0,
  };
}
const clockAt = (now: number) => ({ now: () => now, utcOffsetMinutes: () => 420 });

async function device(token: string) {
  const db = freshDb();
  const sync = new SyncClient(db, { fetch: fetcher });
  const me = await sync.connect({ url: URL_BASE, token });
  return {
    db,
    sync,
    me,
    ctx: { db, me: async () => me, now: () => T0 },
  };
}

describe('care items through the team server', () => {
  it('a reminder assigned to member B is pulled by B and is in B’s queue, not in A’s', async () => {
    const a = await device(team.agent);
    const b = await device(team.agent2);
    const view = await recordConversation(a.db, snapshot('100001', 'Trần Minh'), clockAt(T0));
    const r = await handleSetReminder(a.ctx, {
      customerId: view.customerId,
      dueAt: T0 + 60_000,
      note: 'Gọi lại báo giá sỉ',
      assignee: b.me.memberId,
    });
    expect(r.ok).toBe(true);
    expect(await a.sync.syncNow()).toMatchObject({ state: 'synced' });
    await b.sync.syncNow();
    const forB = await careQueue(b.db, { scope: 'mine', me: b.me.memberId }, T0 + 60_000);
    expect(forB.entries.map((e) => [e.item.kind, e.customerName, e.item.reason])).toEqual([
      [
        'reminder',
        'Trần Minh',
        { kind: 'reminder', note: 'Gọi lại báo giá sỉ', createdBy: a.me.memberId },
      ],
    ]);
    const forA = await careQueue(a.db, { scope: 'mine', me: a.me.memberId }, T0 + 60_000);
    expect(forA.entries).toHaveLength(0);
  });

  it('the same thank-you made on two devices is one item; done on one is done on the other', async () => {
    const a = await device(team.agent);
    const b = await device(team.agent2);
    const view = await recordConversation(a.db, snapshot('100002', 'Lê Thu'), clockAt(T0));
    await a.sync.syncNow();
    await b.sync.syncNow();
    // The same delivered order reaches both (orders are imported on each device).
    for (const d of [a, b]) {
      await putOrder(d.db, {
        id: 'order-77',
        customerId: view.customerId,
        code: '77',
        placedAt: T0 - 5 * DAY,
        deliveredAt: T0 - 3 * DAY,
        total: 500_000,
        status: 'delivered',
      });
      await recomputeCustomerCare(d.db, view.customerId, T0);
    }
    const itemA = (await careQueue(a.db, { scope: 'mine' }, T0)).entries[0]!.item;
    const itemB = (await careQueue(b.db, { scope: 'mine' }, T0)).entries[0]!.item;
    expect(itemA.id).toBe(itemB.id);
    expect(await handleCareAct(a.ctx, { action: 'done', id: itemA.id })).toEqual({ ok: true });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect((await b.db.careItems.get(itemA.id))?.state).toBe('done');
    expect((await careQueue(b.db, { scope: 'mine' }, T0)).entries).toHaveLength(0);
    // B snoozes it later (last writer wins): A follows.
    expect(
      await handleCareAct(
        { ...b.ctx, now: () => T0 + 1000 },
        { action: 'snooze', id: itemA.id, until: T0 + DAY },
      ),
    ).toEqual({ ok: true });
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect(await a.db.careItems.get(itemA.id)).toMatchObject({
      state: 'snoozed',
      snoozeUntil: T0 + DAY,
    });
  });

  it('a birthday set on one device reaches the other', async () => {
    const a = await device(team.manager);
    const b = await device(team.agent);
    const view = await recordConversation(a.db, snapshot('100003', 'Phạm Hoa'), clockAt(T0));
    expect(
      await handleSetBirthday(a.ctx, { customerId: view.customerId, birthday: '05.03.1992' }),
    ).toEqual({ ok: true, birthday: '1992-03-05' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect((await b.db.customers.get(view.customerId))?.birthday).toBe('1992-03-05');
  });

  it("an agent cannot rewrite a teammate's reminder, nor move an item to another customer or kind", async () => {
    const hlc = (n: number) => `${String(T0 + n).padStart(15, '0')}-00000-test`;
    const reminder = (note: string) => ({
      id: 'c7|reminder|r1',
      customerId: 'c7',
      occasion: 'r1',
      dueAt: T0,
      note,
      assignee: team.ids.manager,
    });
    const push = (token: string, mutation: Record<string, unknown>) =>
      client(srv.app, token).post('/v1/sync/push', { mutations: [mutation] });
    const made = await push(team.agent, {
      id: 'care-own-1',
      hlc: hlc(1),
      kind: 'care.reminder',
      data: reminder('Gọi lại báo giá'),
    });
    expect(made.body.results[0]).toMatchObject({ status: 'applied' });
    // agent2 neither wrote it nor is it for them.
    const rewrite = await push(team.agent2, {
      id: 'care-own-2',
      hlc: hlc(2),
      kind: 'care.reminder',
      data: reminder('Khỏi gọi'),
    });
    expect(rewrite.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'forbidden' },
    });
    // The manager it is for may change it.
    const byManager = await push(team.manager, {
      id: 'care-own-3',
      hlc: hlc(3),
      kind: 'care.reminder',
      data: reminder('Gọi lúc 9 giờ'),
    });
    expect(byManager.body.results[0]).toMatchObject({ status: 'applied' });
    // An item's id names its customer and kind: another customer's or kind's is refused.
    const moved = await push(team.agent2, {
      id: 'care-own-4',
      hlc: hlc(4),
      kind: 'care.state',
      data: {
        id: 'c7|reminder|r1',
        customerId: 'c8',
        kind: 'thank-you',
        occasion: 'r1',
        dueAt: T0,
        state: 'done',
      },
    });
    expect(moved.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'bad_request' },
    });
    const pulled = await client(srv.app, team.agent).get('/v1/sync/pull?limit=1000');
    const text = JSON.stringify(pulled.body);
    expect(text).toContain('Gọi lúc 9 giờ');
    expect(text).not.toContain('Khỏi gọi');
  });

  it('an agent cannot assign a reminder to a member of another team: refused with a clear message', async () => {
    const api = client(srv.app, team.agent);
    const outsider = other.ids.agent;
    const res = await api.post('/v1/sync/push', {
      mutations: [
        {
          id: 'care-outsider-1',
          hlc: `${String(T0).padStart(15, '0')}-00000-test`,
          kind: 'care.reminder',
          data: {
            id: 'c1|reminder|r1',
            customerId: 'c1',
            occasion: 'r1',
            dueAt: T0,
            note: 'x',
            assignee: outsider,
          },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toEqual({
      id: 'care-outsider-1',
      status: 'rejected',
      error: {
        code: 'not_found',
        message: `care.reminder: assignee ${outsider} is not a member of this team`,
      },
    });
    // Nothing of it reached the team's feed.
    const pulled = await client(srv.app, team.agent2).get('/v1/sync/pull?limit=1000');
    expect(JSON.stringify(pulled.body)).not.toContain('c1|reminder|r1');

    // The extension says so before queuing: the member list is the team's.
    const a = await device(team.agent);
    const view = await recordConversation(a.db, snapshot('100004', 'Vũ An'), clockAt(T0));
    const refused = await handleSetReminder(
      {
        ...a.ctx,
        checkAssignee: async (id) => {
          const list = (await a.sync.call('GET', '/v1/members')) as { members: { id: string }[] };
          return list.members.some((m) => m.id === id) ? null : `no member ${id} in this team`;
        },
      },
      { customerId: view.customerId, dueAt: T0, note: 'x', assignee: outsider },
    );
    expect(refused).toEqual({ ok: false, error: `assignee: no member ${outsider} in this team` });
    expect(await a.db.careItems.count()).toBe(0);
  });
});
