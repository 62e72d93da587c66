import { describe, expect, it } from 'vitest';
import { dayKey } from '@/core/text';
import { recordConversation } from '@/storage/conversations';
import { localStats } from '@/storage/stats';
import { handleGetStats } from '@/storage/stats-handler';
import { clockAt, DAY, freshDb, incoming, snap, T0, zaloSnap } from './storage-helpers';

const today = dayKey(T0, 420);
const yesterday = dayKey(T0 - DAY, 420);
const local = { connection: async () => undefined, call: async () => ({}) };

describe('local stats', () => {
  it('counts recorded conversations per day: new on the first day, returning after', async () => {
    const db = freshDb();
    await recordConversation(db, snap({ messages: [incoming('hi', T0 - DAY)] }), clockAt(T0 - DAY));
    await recordConversation(db, snap(), clockAt(T0));
    await recordConversation(db, zaloSnap(), clockAt(T0));
    await db.orders.add({
      id: 'o1',
      customerId: (await db.customers.toArray()).find((c) => c.displayName === 'Chị Lan Phương')!
        .id,
      code: 'DH1',
      placedAt: T0 - 100 * DAY,
      total: 450_000,
      status: 'delivered',
      items: [],
    });
    const r = await localStats(db, yesterday, today, 420);
    expect(r.days.map((d) => [d.day, d.conversations, d.new, d.returning, d.lapsed])).toEqual([
      [yesterday, 1, 1, 0, 0],
      [today, 2, 0, 1, 1],
    ]);
    expect(r.channels.find((c) => c.platform === 'zalo')).toMatchObject({
      conversations: 1,
      lapsed: 1,
    });
    expect(r.winBack).toEqual([]);
    const wide = await localStats(db, dayKey(T0 - 20 * DAY, 420), today, 420);
    expect(wide.winBack.map((w) => [w.displayName, w.lastOrder.code])).toEqual([
      ['Chị Lan Phương', 'DH1'],
    ]);
  });

  it('getStats refuses a bad period and says the numbers are local when not connected', async () => {
    const db = freshDb();
    expect(await handleGetStats(db, local, { from: 'x', to: today })).toEqual({
      ok: false,
      error: expect.stringMatching(/^bad stats request: from: /),
    });
    expect(await handleGetStats(db, local, { from: today, to: yesterday })).toMatchObject({
      ok: false,
    });
    const r = await handleGetStats(db, local, { from: today, to: today }, 420);
    expect(r).toMatchObject({
      ok: true,
      source: 'local',
      report: { totals: { conversations: 0 } },
    });
  });

  it('uses the team server when connected, and falls back to local numbers when it fails', async () => {
    const db = freshDb();
    const team = {
      from: today,
      to: today,
      totals: { new: 3, returning: 1 },
      days: [],
      channels: [],
      agents: [],
    };
    const paths: string[] = [];
    const online = {
      connection: async () => ({ url: 'u', token: 't', me: {} as never, connectedAt: 0 }),
      call: async (_m: string, path: string) => {
        paths.push(path);
        return team;
      },
    };
    expect(await handleGetStats(db, online, { from: today, to: today }, 420)).toMatchObject({
      ok: true,
      source: 'server',
      team,
    });
    expect(paths).toEqual([`/v1/stats?from=${today}&to=${today}`]);
    const offline = { ...online, call: async () => Promise.reject(new Error('cannot reach u')) };
    expect(await handleGetStats(db, offline, { from: today, to: today }, 420)).toMatchObject({
      ok: true,
      source: 'local',
      serverError: 'cannot reach u',
    });
  });
});

describe('getStats with a server that answers something else', () => {
  it('keeps the local numbers and says the server had no stats', async () => {
    const db = freshDb();
    const odd = {
      connection: async () => ({ url: 'u', token: 't', me: {} as never, connectedAt: 0 }),
      call: async () => ({ hello: 'world' }),
    };
    expect(await handleGetStats(db, odd, { from: today, to: today }, 420)).toMatchObject({
      ok: true,
      source: 'local',
      serverError: 'the team server answered without stats',
    });
  });
});
