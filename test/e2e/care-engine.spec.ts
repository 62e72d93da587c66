// The care engine in real Chromium with the built extension (no care UI needed): a
// reminder set through the background's message API fires on time even though the service
// worker was stopped in between (chrome.alarms wakes it): one notification with the item's
// id, the icon badge counts it, and the queue answers with the conversation to open.
import type { BrowserContext } from '@playwright/test';
import { askBackground, extensionWorker, stopServiceWorker } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';

// The part of the extension API used inside evaluate (the service worker, an extension page).
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, boolean>> };
};

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';

/** Evaluates in the extension's current service worker (it may have been restarted). */
async function inWorker<T>(context: BrowserContext, fn: () => Promise<T>): Promise<T> {
  const worker = context.serviceWorkers().at(-1) ?? (await extensionWorker(context)).worker;
  return worker.evaluate(fn);
}

test('a reminder fires on time after the service worker was stopped: one notification, the badge, the queue', async ({
  page,
  context,
}) => {
  const { extensionId } = await extensionWorker(context);
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const customerId = await sidebar(page).getAttribute('data-customer-id');
  expect(customerId).toBeTruthy();

  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/options.html`);
  // Whatever the hour this runs at, no quiet hours (21:30-07:30 in Vietnam by default).
  expect(
    await askBackground(ext, 'saveCareRules', {
      quietHours: { on: false, from: '21:30', to: '07:30' },
    }),
  ).toMatchObject({ ok: true, rules: { quietHours: { on: false } } });
  const dueAt = Date.now() + 6_000;
  const set = await askBackground<{ ok: boolean; id?: string; error?: string }>(
    ext,
    'setReminder',
    {
      customerId,
      dueAt,
      note: 'Gọi lại báo size',
    },
  );
  expect(set).toMatchObject({ ok: true });
  const id = set.id!;
  // A bad payload is refused with the field named.
  expect(await askBackground(ext, 'setReminder', { customerId, note: 'x' })).toMatchObject({
    ok: false,
    error: expect.stringContaining('dueAt'),
  });

  // Not due yet: no badge. Then the worker stops, as Chrome stops an idle one.
  expect(await inWorker(context, () => chrome.action.getBadgeText({}))).toBe('');
  await ext.close();
  await stopServiceWorker(context, page);

  // chrome.alarms wakes it at the reminder's time.
  await expect
    .poll(() => inWorker(context, () => chrome.action.getBadgeText({})), { timeout: 25_000 })
    .toBe('1');
  const shown = await inWorker(context, () => chrome.notifications.getAll());
  expect(Object.keys(shown)).toEqual([id]);

  const again = await context.newPage();
  await again.goto(`chrome-extension://${extensionId}/options.html`);
  const queue = await askBackground<{
    ok: boolean;
    entries: { item: { id: string; kind: string }; customerName: string; target: unknown }[];
    counts: Record<string, number>;
  }>(again, 'getCareQueue', {});
  expect(queue.ok).toBe(true);
  expect(queue.counts).toEqual({ reminder: 1 });
  expect(queue.entries.map((e) => [e.item.id, e.item.kind])).toEqual([[id, 'reminder']]);
  expect(queue.entries[0]!.target).toMatchObject({
    platform: 'messenger',
    url: expect.stringMatching(
      /^https:\/\/business\.facebook\.com\/latest\/inbox\/all\?asset_id=104857600012345&selected_item_id=/,
    ),
  });

  // Done: the badge clears at once.
  expect(await askBackground(again, 'careAct', { action: 'done', id })).toEqual({ ok: true });
  await expect.poll(() => inWorker(context, () => chrome.action.getBadgeText({}))).toBe('');
});
