// The kq-care alarm against wxt's fake browser: a due reminder makes exactly one
// notification (id = item id) and sets the icon badge; quiet hours show none but the badge
// still counts; the daily pass runs once a shop-local day; careChanged only when counts move.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CareQueue } from '@/core/care/types';
import { CARE_RULES_KEY } from '@/storage/care';
import {
  badgeText,
  CARE_ALARM,
  type CareBrowser,
  notificationOpened,
  onNotificationOpen,
  runCareAlarm,
  scheduleCareAlarm,
} from '@/storage/care-alarm';
import { handleSetReminder } from '@/storage/care-handlers';
import { recordConversation } from '@/storage/conversations';
import type { KqDb } from '@/storage/db';
import { clockAt, freshDb, snap } from './storage-helpers';

const MIN = 60_000;
/** 2026-11-23 10:00 in Vietnam. */
const NOW = Date.UTC(2026, 10, 23, 3, 0);

const fake = fakeBrowser as unknown as CareBrowser & {
  notifications: { getAllCreateOptions(): Record<string, { title: string; message: string }> };
  action: { getBadgeText(d?: object): Promise<string> };
  alarms: { getAll(): Promise<{ name: string; periodInMinutes?: number }[]> };
};

async function withReminder(db: KqDb, dueAt: number, note = 'Gọi lại báo size') {
  const view = await recordConversation(db, snap(), clockAt(NOW - 60 * MIN));
  const r = await handleSetReminder(
    { db, me: async () => undefined, now: () => NOW - 60 * MIN },
    { customerId: view.customerId, dueAt, note },
  );
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

describe('care alarm', () => {
  beforeEach(() => fakeBrowser.reset());

  it('schedules one alarm a minute (never a timer loop)', async () => {
    scheduleCareAlarm(fake);
    scheduleCareAlarm(fake);
    const alarms = await fake.alarms.getAll();
    expect(alarms.map((a) => [a.name, a.periodInMinutes])).toEqual([[CARE_ALARM, 1]]);
  });

  it('a due reminder makes exactly one notification, and the badge counts it', async () => {
    const db = freshDb();
    const id = await withReminder(db, NOW - MIN);
    const counts: CareQueue['counts'][] = [];
    const deps = {
      db,
      browser: fake,
      me: async () => undefined,
      now: () => NOW,
      broadcast: (c: CareQueue['counts']) => counts.push(c),
    };
    const first = await runCareAlarm(deps);
    expect(first).toMatchObject({
      notified: 1,
      total: 1,
      badge: '1',
      changed: true,
      fullPass: true,
    });
    const shown = fake.notifications.getAllCreateOptions();
    expect(Object.keys(shown)).toEqual([id]);
    expect(shown[id]).toMatchObject({
      title: 'Nhắc chăm sóc: Nguyễn Thu Hà',
      message: 'Gọi lại báo size',
    });
    expect(await fake.action.getBadgeText({})).toBe('1');
    // The next minute: nothing new, no second notification, no broadcast; no second pass.
    await fakeBrowser.notifications.clear(id);
    const second = await runCareAlarm({ ...deps, now: () => NOW + MIN });
    expect(second).toMatchObject({ notified: 0, total: 1, changed: false, fullPass: false });
    expect(Object.keys(fake.notifications.getAllCreateOptions())).toEqual([]);
    expect(counts).toEqual([{ reminder: 1 }]);
  });

  it('a reminder not due yet shows nothing; once due it notifies', async () => {
    const db = freshDb();
    await withReminder(db, NOW + 5 * MIN);
    const deps = { db, browser: fake, me: async () => undefined };
    expect(await runCareAlarm({ ...deps, now: () => NOW })).toMatchObject({
      notified: 0,
      badge: '',
    });
    expect(await fake.action.getBadgeText({})).toBe('');
    expect(await runCareAlarm({ ...deps, now: () => NOW + 5 * MIN })).toMatchObject({
      notified: 1,
      badge: '1',
    });
  });

  it('quiet hours: no notification, the badge still counts, and it does not pop up later', async () => {
    const db = freshDb();
    await db.settings.put({
      key: CARE_RULES_KEY,
      value: { quietHours: { on: true, from: '09:00', to: '11:00' } },
    });
    await withReminder(db, NOW - MIN);
    const deps = { db, browser: fake, me: async () => undefined };
    expect(await runCareAlarm({ ...deps, now: () => NOW })).toMatchObject({
      notified: 0,
      badge: '1',
    });
    expect(fake.notifications.getAllCreateOptions()).toEqual({});
    expect(await fake.action.getBadgeText({})).toBe('1');
    expect(await runCareAlarm({ ...deps, now: () => NOW + 70 * MIN })).toMatchObject({
      notified: 0,
    });
  });

  it('a teammate’s reminder neither notifies me nor counts on my badge', async () => {
    const db = freshDb();
    const id = await withReminder(db, NOW - MIN);
    await db.careItems.update(id, { assignee: 'someone-else' });
    const r = await runCareAlarm({ db, browser: fake, me: async () => 'me', now: () => NOW });
    expect(r).toMatchObject({ notified: 0, total: 0, badge: '' });
  });

  it('speaks English when the agent chose it', async () => {
    const db = freshDb();
    const id = await withReminder(db, NOW - MIN, '');
    await runCareAlarm({
      db,
      browser: fake,
      me: async () => undefined,
      now: () => NOW,
      locale: async () => 'en',
    });
    expect(fake.notifications.getAllCreateOptions()[id]).toMatchObject({
      title: 'Care reminder: Nguyễn Thu Hà',
      message: 'Time to message this customer again.',
    });
  });

  it('badge text: empty at zero, 99+ past 99', () => {
    expect([badgeText(0), badgeText(7), badgeText(99), badgeText(100)]).toEqual([
      '',
      '7',
      '99',
      '99+',
    ]);
  });

  it('a notification click reaches whoever registered to open items', () => {
    const opened: string[] = [];
    const off = onNotificationOpen((id) => opened.push(id));
    expect(notificationOpened('c|reminder|1')).toBe(true);
    off();
    expect(notificationOpened('c|reminder|2')).toBe(false);
    expect(opened).toEqual(['c|reminder|1']);
  });
});
