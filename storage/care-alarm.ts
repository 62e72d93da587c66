// The care alarm (`kq-care`, every minute, from chrome.alarms: it wakes a stopped worker,
// and nothing here lives in memory between runs). Each run: the daily pass once per
// shop-local day, a notification for each reminder newly due for me (none in quiet hours;
// each notifies once, its id = the item's id), the icon badge with the count due for me,
// and `careChanged` to the inbox tabs when the counts moved. State is in Dexie.
import { effectiveDueAt, isMine } from '@/core/care/engine';
import { inQuietHours } from '@/core/care/rules';
import type { CareItem, CareQueue } from '@/core/care/types';
import { dayKey } from '@/core/text';
import { CARE_FULL_PASS_KEY, careRules, dueCounts, rebuildAllCare, takeNewlyDue } from './care';
import type { KqDb } from './db';

export const CARE_ALARM = 'kq-care';
/** A one-shot alarm at the next reminder due within the minute, so it fires on time. */
export const CARE_ALARM_SOON = 'kq-care-soon';
/** The counts last broadcast, to say `careChanged` only when they move. */
export const CARE_COUNTS_KEY = 'care.counts';
const BADGE_COLOR = '#0d9488';

/** The parts of the browser API the alarm uses (the real one, or wxt's fakeBrowser). */
export interface CareBrowser {
  alarms: {
    create(
      name: string,
      info: { periodInMinutes?: number; delayInMinutes?: number; when?: number },
    ): unknown;
  };
  notifications: {
    create(
      id: string,
      options: {
        type: 'basic';
        iconUrl: string;
        title: string;
        message: string;
        priority?: number;
      },
    ): Promise<string>;
  };
  action: {
    setBadgeText(details: { text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  };
  runtime: { getURL(path: string): string };
}

export interface CareAlarmDeps {
  db: KqDb;
  browser: CareBrowser;
  /** This agent's member id when connected (absent: local-only, every item is mine). */
  me: () => Promise<string | undefined>;
  /** The agent's UI language (utils/ui-locale); Vietnamese when absent. */
  locale?: () => Promise<'vi' | 'en'>;
  /** Tell the inbox tabs and the popup (careChanged). */
  broadcast?: (counts: CareQueue['counts']) => void;
  now?: () => number;
}

/** Creates the minute alarm (idempotent: creating it again replaces it). */
export function scheduleCareAlarm(browser: Pick<CareBrowser, 'alarms'>): void {
  browser.alarms.create(CARE_ALARM, { periodInMinutes: 1, delayInMinutes: 0.1 });
}

export const badgeText = (total: number): string =>
  total === 0 ? '' : total > 99 ? '99+' : String(total);

// Care reminder notifications (issue 9): the background's only words, in the agent's
// language (Vietnamese unless they chose English). Not in core/i18n: that ships with the
// content scripts, and these never show there.
const NOTIFICATION_TEXT = {
  vi: {
    titleWithName: (name: string) => `Nhắc chăm sóc: ${name}`,
    title: 'Nhắc chăm sóc khách',
    message: 'Đến hẹn nhắn lại cho khách.',
  },
  en: {
    titleWithName: (name: string) => `Care reminder: ${name}`,
    title: 'Customer care reminder',
    message: 'Time to message this customer again.',
  },
} as const;

/** The notification for a due reminder: the customer's name, and the agent's note. */
async function notify(deps: CareAlarmDeps, items: CareItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const customers = await deps.db.customers.bulkGet(items.map((i) => i.customerId));
  const words = NOTIFICATION_TEXT[(await deps.locale?.().catch(() => 'vi' as const)) ?? 'vi'];
  let shown = 0;
  for (const [k, item] of items.entries()) {
    const name = customers[k]?.displayName ?? '';
    const note = item.reason.kind === 'reminder' ? item.reason.note : '';
    try {
      await deps.browser.notifications.create(item.id, {
        type: 'basic',
        iconUrl: deps.browser.runtime.getURL('/care-notification.png'),
        title: name ? words.titleWithName(name) : words.title,
        message: note || words.message,
        priority: 1,
      });
      shown += 1;
    } catch {
      // Notifications turned off for the browser: the badge still counts it.
    }
  }
  return shown;
}

export interface CareAlarmRun {
  fullPass: boolean;
  notified: number;
  total: number;
  badge: string;
  changed: boolean;
}

export async function runCareAlarm(deps: CareAlarmDeps): Promise<CareAlarmRun> {
  const { db } = deps;
  const now = deps.now?.() ?? Date.now();
  const rules = await careRules(db);
  const today = dayKey(now, rules.utcOffsetMinutes);
  const me = await deps.me();
  // Reminders first: the day's full pass gives way to the agent's conversations and can take
  // a while; a reminder falling due must not wait behind it (it makes no reminders).
  // Taken (marked notified) even in quiet hours: a reminder due at 23:00 is not shown at
  // 07:30 as if it were new; the badge keeps counting it.
  const newly = await takeNewlyDue(db, me, now);
  const notified = inQuietHours(now, rules) ? 0 : await notify(deps, newly);
  let fullPass = false;
  if ((await db.settings.get(CARE_FULL_PASS_KEY))?.value !== today) {
    await rebuildAllCare(db, now);
    await db.settings.put({ key: CARE_FULL_PASS_KEY, value: today });
    fullPass = true;
  }
  const { total, counts } = await dueCounts(db, me, now);
  const badge = badgeText(total);
  try {
    await deps.browser.action.setBadgeText({ text: badge });
    await deps.browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  } catch {
    // A browser without the toolbar action API: notifications and tabs still hear of it.
  }
  // A reminder due before the next minute's run: wake exactly then.
  const soon = await nextReminderWithin(db, me, now, 60_000);
  if (soon !== undefined) deps.browser.alarms.create(CARE_ALARM_SOON, { when: soon });
  const key = (c: object) => JSON.stringify(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1)));
  const changed =
    key(((await db.settings.get(CARE_COUNTS_KEY))?.value as object) ?? {}) !== key(counts);
  if (changed) {
    await db.settings.put({ key: CARE_COUNTS_KEY, value: counts });
    deps.broadcast?.(counts);
  }
  return { fullPass, notified, total, badge, changed };
}

/** The due time of my next open (or snoozed) reminder in (now, now + within], if any. */
async function nextReminderWithin(
  db: KqDb,
  me: string | undefined,
  now: number,
  within: number,
): Promise<number | undefined> {
  const [open, snoozed] = await Promise.all([
    db.careItems
      .where('[state+dueAt]')
      .between(['open', now], ['open', now + within], false, true)
      .toArray(),
    db.careItems
      .where('[state+dueAt]')
      .between(['snoozed', -Infinity], ['snoozed', Infinity])
      .toArray(),
  ]);
  let next: number | undefined;
  for (const i of [...open, ...snoozed]) {
    if (i.kind !== 'reminder' || !isMine(i, me)) continue;
    const at = effectiveDueAt(i);
    if (at > now && at <= now + within && (next === undefined || at < next)) next = at;
  }
  return next;
}

// Clicking a reminder's notification opens its conversation. Opening belongs to the queue's
// UI side (`openCareItem`); it registers here, and the background forwards the click.
const openers: ((itemId: string) => void)[] = [];

/** Registers what a notification click does (the item id is the notification id). */
export function onNotificationOpen(open: (itemId: string) => void): () => void {
  openers.push(open);
  return () => {
    const at = openers.indexOf(open);
    if (at >= 0) openers.splice(at, 1);
  };
}

/** Called by the background's notifications.onClicked listener. */
export function notificationOpened(itemId: string): boolean {
  for (const open of openers) open(itemId);
  return openers.length > 0;
}
