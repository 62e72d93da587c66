// The care queue (issue 9) in real Chromium with the built extension: a customer whose order
// was delivered 3 days ago is in the sidebar's queue as a thank-you; opening it lands on
// their conversation with the thank-you text in the composer, never sent; done / snooze /
// dismiss take items off and it stays so after a reload; both locales; a short reminder
// fires a notification and sets the icon's badge; with the team server, a reminder assigned
// to agent B reaches B's queue; opening a Zalo item puts the name in Zalo's own search box.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import {
  askBackground,
  DEFAULT_ROUTES,
  EXTENSION_DIR,
  extensionWorker,
  launchWithExtension,
  sendToTab,
  serveReplicas,
  setUiLocale,
} from '../../scripts/browser';
import { expect, sidebar, test } from './harness';
import { connectExtension, startTeamServer } from './team-server';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';
const ZALO_URL = 'https://chat.zalo.me/';
const DAY = 86_400_000;

/** The extension APIs the tests read, as evaluated in extension pages and the worker. */
interface Chrome {
  runtime: { sendMessage(message: object): Promise<unknown> };
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, boolean>> };
}
declare const chrome: Chrome;

async function openOptions(context: BrowserContext): Promise<Page> {
  const { extensionId } = await extensionWorker(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  return page;
}

/** dd/mm/yyyy 10:00, `daysAgo` days before today (the import reads shop-local dates). */
function dateAgo(daysAgo: number): string {
  const d = new Date(Date.now() - daysAgo * DAY);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} 10:00`;
}

/** Imports delivered orders for a phone through the options page, as a shop does. */
async function importDelivered(
  context: BrowserContext,
  name: string,
  phone: string,
  orders: { code: string; daysAgo: number }[],
) {
  const options = await openOptions(context);
  const lines = [
    'Mã đơn hàng,Ngày tạo,Tên khách hàng,Số điện thoại,Tổng tiền,Trạng thái',
    ...orders.map((o) => `${o.code},${dateAgo(o.daysAgo)},${name},${phone},450.000đ,Hoàn thành`),
  ];
  await options.getByTestId('kq-import-file').setInputFiles({
    name: 'orders.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
  });
  await options.getByTestId('kq-import-start').click();
  await expect(options.getByTestId('kq-import-summary')).toHaveAttribute(
    'data-accepted',
    String(orders.length),
  );
  await options.close();
}

/** Opens thread `index` of the Meta replica; gives its customer's name and id. */
async function openMetaThread(page: Page, index: number) {
  if (!page.url().startsWith('https://business.facebook.com/')) await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const name = await page.evaluate((i) => window.__kqFixture.threads[i]?.name ?? '', index);
  await page.evaluate((i) => window.__kqFixture.switchTo(i), index);
  await expect(page.getByTestId('kq-name')).toHaveText(name);
  return { name, customerId: (await sidebar(page).getAttribute('data-customer-id')) as string };
}

async function addPhone(page: Page, phone: string) {
  await page.getByTestId('kq-contact-input').fill(phone);
  await page.getByTestId('kq-contact-add').click();
  await expect(page.getByTestId('kq-phone')).toHaveCount(1);
}

/** The queue in the sidebar, opened. */
async function openQueue(page: Page) {
  const toggle = page.getByTestId('kq-care-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.getByTestId('kq-care-item');
}

/** A Meta customer with a phone and orders delivered `daysAgo` days ago; on thread 0 after. */
async function metaCustomerWithOrders(
  page: Page,
  context: BrowserContext,
  orders: { code: string; daysAgo: number }[],
) {
  const who = await openMetaThread(page, 1);
  await addPhone(page, '0987 654 321');
  await importDelivered(context, who.name, '0987654321', orders);
  await openMetaThread(page, 0);
  return who;
}

test('Meta: an order delivered 3 days ago puts a thank-you in the queue; opening it lands on that conversation with the text in the composer, not sent', async ({
  page,
  context,
}) => {
  const who = await metaCustomerWithOrders(page, context, [{ code: 'SON9001', daysAgo: 3 }]);
  const items = await openQueue(page);
  const item = items.filter({ hasText: who.name });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-kind', 'thank-you');
  await expect(item.getByTestId('kq-care-why')).toHaveText('Nhận hàng 3 ngày trước: đơn SON9001');
  await expect(page.getByTestId('kq-care-count').first()).toHaveAttribute('data-count', '1');
  // Collapsed, the rail keeps the count.
  await page.getByTestId('kq-toggle').click();
  await expect(page.getByTestId('kq-rail').getByTestId('kq-care-count')).toHaveText(/^1/);
  await page.getByTestId('kq-toggle').click();
  await openQueue(page);
  const given = who.name.split(/\s+/).at(-1) as string;
  await expect(item.getByTestId('kq-care-text')).toContainText(given);
  const firstLine = ((await item.getByTestId('kq-care-text').textContent()) ?? '').trim();

  // Another conversation is open: opening the item goes to theirs, in this same tab.
  await item.getByTestId('kq-care-open').click();
  await expect(page).toHaveURL(/selected_item_id=/);
  await expect(sidebar(page)).toHaveAttribute('data-customer-id', who.customerId);
  await expect(page.getByTestId('kq-name')).toHaveText(who.name);
  await expect
    .poll(() => page.evaluate(() => window.__kqFixture.editorText()))
    .toContain(firstLine);
  expect(await page.evaluate(() => window.__kqFixture.editorText())).toContain(given);
  expect(await page.evaluate(() => window.__kqFixture.sentMessages())).toEqual([]);
  // Taken once: another visit to the conversation does not insert it again.
  await page.reload();
  await expect(page.getByTestId('kq-name')).toHaveText(who.name);
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.__kqFixture.editorText())).toBe('');
});

test('done, snooze and dismiss (with a reason) take items off the queue, in due order, and it stays so after a reload', async ({
  page,
  context,
}) => {
  // 3 days: a thank-you due today. 8 and 10 days: thank-yous due days ago and check-ins
  // due 1 and 3 days ago: five items, the oldest due first.
  await metaCustomerWithOrders(page, context, [
    { code: 'SON9001', daysAgo: 3 },
    { code: 'SON9002', daysAgo: 8 },
    { code: 'SON9003', daysAgo: 10 },
  ]);
  const items = await openQueue(page);
  await expect(items).toHaveCount(5);
  const whys = await items.getByTestId('kq-care-why').allTextContents();
  expect(whys).toEqual([
    'Nhận hàng 10 ngày trước: đơn SON9003',
    'Nhận hàng 8 ngày trước: đơn SON9002',
    'Hỏi thăm sau khi nhận hàng 10 ngày trước: đơn SON9003',
    'Hỏi thăm sau khi nhận hàng 8 ngày trước: đơn SON9002',
    'Nhận hàng 3 ngày trước: đơn SON9001',
  ]);
  // The filter by kind says how many of each.
  await expect(page.getByTestId('kq-care-kind')).toHaveText(['Tất cả 5', 'Cảm ơn 3', 'Hỏi thăm 2']);

  await items.nth(0).getByTestId('kq-care-done').click();
  await expect(items).toHaveCount(4);
  await items.nth(0).getByTestId('kq-care-snooze-menu').click();
  await items.nth(0).locator('[data-snooze="tomorrow"]').click();
  await expect(items).toHaveCount(3);
  await items.nth(0).getByTestId('kq-care-dismiss').click();
  // A reason is required.
  await items.nth(0).getByTestId('kq-care-dismiss-confirm').click();
  await expect(items).toHaveCount(3);
  await items.nth(0).getByTestId('kq-care-dismiss-reason').fill('Khách đã nhắn cảm ơn trước');
  await items.nth(0).getByTestId('kq-care-dismiss-confirm').click();
  await expect(items).toHaveCount(2);
  await expect(items.getByTestId('kq-care-why')).toHaveText([
    'Hỏi thăm sau khi nhận hàng 8 ngày trước: đơn SON9002',
    'Nhận hàng 3 ngày trước: đơn SON9001',
  ]);

  await page.reload();
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(await openQueue(page)).toHaveCount(2);
  await expect(page.getByTestId('kq-care-count').first()).toHaveAttribute('data-count', '2');
});

test('the queue speaks English when the agent picks it, and Vietnamese by default (sidebar and popup)', async ({
  page,
  context,
}) => {
  const who = await metaCustomerWithOrders(page, context, [{ code: 'SON9001', daysAgo: 3 }]);
  const items = await openQueue(page);
  await expect(page.getByTestId('kq-care-toggle')).toContainText('Hôm nay cần chăm sóc');
  await expect(items.getByTestId('kq-care-open')).toHaveText('Mở');

  const { extensionId } = await extensionWorker(context);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('heading')).toHaveText('Hôm nay cần chăm sóc');
  await expect(popup.getByTestId('kq-care-item')).toHaveAttribute('data-kind', 'thank-you');
  await expect(popup.getByTestId('kq-care-name')).toHaveText(who.name);

  await setUiLocale(context, 'en');
  await expect(page.getByTestId('kq-care-toggle')).toContainText("Today's follow-ups");
  await expect(items.getByTestId('kq-care-why')).toHaveText('Delivered 3 days ago: order SON9001');
  await expect(items.getByTestId('kq-care-open')).toHaveText('Open');
  await expect(popup.getByRole('heading')).toHaveText("Today's follow-ups");
  await expect(popup.getByTestId('kq-care-why')).toHaveText('Delivered 3 days ago: order SON9001');
});

test('Zalo: opening an item puts the name into Zalo’s own search box; nothing is picked or sent', async ({
  page,
  context,
}) => {
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const before = await page.getByTestId('kq-name').textContent();
  const r = await sendToTab<{ ok: boolean }>(context, 'https://chat.zalo.me/*', 'searchZalo', {
    search: '0912 345 678',
  });
  expect(r).toMatchObject({ ok: true });
  await expect(page.locator('#contact-search-input')).toHaveValue('0912 345 678');
  // The open conversation did not change and nothing was sent.
  await expect(page.getByTestId('kq-name')).toHaveText(before ?? '');
  expect(await page.evaluate(() => window.__kqFixture.sentMessages())).toEqual([]);
  // A bad request is refused with the field named.
  const bad = await sendToTab<{ ok: boolean; error: string }>(
    context,
    'https://chat.zalo.me/*',
    'searchZalo',
    { search: '  ' },
  );
  expect(bad).toEqual({ ok: false, error: 'search: expected a name or phone' });
});

test('Zalo: opening a thank-you fills Zalo’s search with the customer and, their conversation being open, the text goes into the composer, not sent', async ({
  page,
  context,
}) => {
  // Chị Lan Phương writes "SĐT mình 0912 345 678" in the Zalo replica: the imported
  // order for that number is hers.
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const name = ((await page.getByTestId('kq-name').textContent()) ?? '').trim();
  await importDelivered(context, name, '0912345678', [{ code: 'SON9001', daysAgo: 3 }]);
  const items = await openQueue(page);
  await expect(items).toHaveCount(1);
  await expect(items).toHaveAttribute('data-kind', 'thank-you');
  const firstLine = ((await items.getByTestId('kq-care-text').textContent()) ?? '').trim();
  expect(firstLine).not.toBe('');
  await items.getByTestId('kq-care-open').click();
  await expect(page.getByTestId('kq-care-outcome')).toContainText('ô tìm kiếm của Zalo');
  await expect(page.locator('#contact-search-input')).not.toHaveValue('');
  await expect
    .poll(() => page.evaluate(() => window.__kqFixture.editorText()))
    .toContain(firstLine);
  expect(await page.evaluate(() => window.__kqFixture.sentMessages())).toEqual([]);
});

test('"Nhắc tôi" from the sidebar: a reminder for the open customer, and a birthday in the card (a bad one is refused in the agent’s language)', async ({
  page,
}) => {
  await openMetaThread(page, 1);
  await page.getByTestId('kq-remind-open').click();
  await page.locator('[data-testid="kq-remind-preset"][data-preset="hour"]').check();
  await page.getByTestId('kq-remind-note').fill('Gọi lại hỏi size');
  await page.getByTestId('kq-remind-save').click();
  await expect(page.getByTestId('kq-remind-outcome')).toContainText('Đã đặt lời nhắc lúc');

  const birthday = page.getByTestId('kq-birthday');
  await birthday.fill('31/02');
  await page.getByTestId('kq-birthday-save').click();
  await expect(page.getByTestId('kq-birthday-outcome')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('kq-birthday-outcome')).toContainText('Không lưu được ngày sinh');
  await birthday.fill('29/2');
  await page.getByTestId('kq-birthday-save').click();
  await expect(page.getByTestId('kq-birthday-outcome')).toHaveText('Đã lưu sinh nhật 29/02.');
  // Stored: the card shows it when the customer comes back.
  await page.reload();
  await openMetaThread(page, 1);
  await expect(page.getByTestId('kq-birthday')).toHaveValue('29/02');
});

test('a reminder due in a few seconds fires a notification and sets the icon badge', async ({
  page,
  context,
}) => {
  const who = await openMetaThread(page, 1);
  const options = await openOptions(context);
  // Whatever the hour of the run: no quiet hours (21:30-07:30 in the shop by default).
  expect(
    await askBackground<{ ok: boolean }>(options, 'saveCareRules', {
      quietHours: { on: false, from: '21:30', to: '07:30' },
    }),
  ).toMatchObject({ ok: true });
  const r = await askBackground<{ ok: boolean; id: string }>(options, 'setReminder', {
    customerId: who.customerId,
    dueAt: Date.now() + 3000,
    note: 'Gọi lại hỏi size',
  });
  expect(r).toMatchObject({ ok: true });
  const { worker } = await extensionWorker(context);
  await expect
    .poll(() => worker.evaluate(() => chrome.action.getBadgeText({})), { timeout: 90_000 })
    .toBe('1');
  const notes = await worker.evaluate(() => chrome.notifications.getAll());
  expect(Object.keys(notes)).toContain(r.id);
  // The queue shows it too.
  await expect(await openQueue(page)).toHaveCount(1);
  await expect(page.getByTestId('kq-care-item')).toHaveAttribute('data-kind', 'reminder');
  await expect(page.getByTestId('kq-care-why')).toHaveText('Nhắc: Gọi lại hỏi size');
});

test('with the team server, a reminder assigned to agent B appears in B’s queue in another browser', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const server = await startTeamServer();
  try {
    const managerOptions = await connectExtension(context, server, server.tokens.manager);
    const who = await openMetaThread(page, 1);
    const members = await askBackground<{ ok: boolean; members: { id: string; name: string }[] }>(
      managerOptions,
      'listMembers',
      undefined,
    );
    const agent = members.members.find((m) => m.name === 'Bé Ngân');
    expect(agent).toBeDefined();
    // From the sidebar: the assignee list names the team's members.
    await page.getByTestId('kq-remind-open').click();
    await expect(page.getByTestId('kq-remind-assignee')).toContainText('Bé Ngân');
    const r = await askBackground<{ ok: boolean }>(managerOptions, 'setReminder', {
      customerId: who.customerId,
      dueAt: Date.now() + 2000,
      note: 'Chốt đơn váy',
      assignee: agent?.id,
    });
    expect(r).toMatchObject({ ok: true });

    const dir = await mkdtemp(path.join(tmpdir(), 'kq-profile-b-'));
    const second = await launchWithExtension({ userDataDir: dir, extensionDir: EXTENSION_DIR });
    try {
      await serveReplicas(second, DEFAULT_ROUTES);
      await connectExtension(second, server, server.tokens.agent);
      const { extensionId } = await extensionWorker(second);
      const popup = await second.newPage();
      await expect(async () => {
        await popup.goto(`chrome-extension://${extensionId}/popup.html`);
        await expect(popup.getByTestId('kq-care-item')).toHaveCount(1, { timeout: 2000 });
      }).toPass({ timeout: 60_000 });
      await expect(popup.getByTestId('kq-care-item')).toHaveAttribute('data-kind', 'reminder');
      await expect(popup.getByTestId('kq-care-name')).toHaveText(who.name);
      await expect(popup.getByTestId('kq-care-why')).toHaveText('Nhắc: Chốt đơn váy');

      // The manager's own queue does not carry B's reminder; the team's does.
      const managerPopup = await context.newPage();
      await managerPopup.goto(
        `chrome-extension://${(await extensionWorker(context)).extensionId}/popup.html`,
      );
      await expect(managerPopup.getByTestId('kq-care-empty')).toBeVisible();
      await managerPopup.locator('[data-testid="kq-care-scope"] [data-scope="team"]').click();
      await expect(managerPopup.getByRole('heading')).toHaveText('Việc quá hạn của cả nhóm');
      await expect(managerPopup.getByTestId('kq-care-item')).toHaveAttribute(
        'data-kind',
        'reminder',
      );
      await expect(managerPopup.getByTestId('kq-care-name')).toHaveText(who.name);
      // An agent has no team switch.
      await expect(popup.getByTestId('kq-care-scope')).toHaveCount(0);
    } finally {
      await second.close();
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await server.stop();
  }
});

test('options: care rules are switched and tuned; an impossible value is refused next to its field; switching thank-yous off empties the queue', async ({
  page,
  context,
}) => {
  await metaCustomerWithOrders(page, context, [{ code: 'SON9001', daysAgo: 3 }]);
  await expect(await openQueue(page)).toHaveCount(1);

  const options = await openOptions(context);
  const section = options.getByTestId('kq-care-rules');
  await expect(section.getByRole('heading')).toHaveText('Chăm sóc khách');
  const thank = section.locator('[data-testid="kq-care-rule"][data-rule="thankYou"]');
  await expect(thank.getByTestId('kq-care-rule-days')).toHaveValue('3');
  await thank.getByTestId('kq-care-rule-days').fill('-2');
  await section.getByTestId('kq-care-rules-save').click();
  await expect(
    section.locator('[data-testid="kq-care-rules-error"][data-field="thankYou.days"]'),
  ).toContainText('thankYou.days must be at least 0');
  // Opening hours that end before they start.
  await thank.getByTestId('kq-care-rule-days').fill('3');
  await section.getByTestId('kq-care-open-to').fill('07:00');
  await section.getByTestId('kq-care-rules-save').click();
  await expect(section.getByTestId('kq-care-rules-error')).toHaveCount(1);
  await expect(
    section.locator('[data-testid="kq-care-rules-error"][data-field="openingHours.to"]'),
  ).toContainText('openingHours.to');
  // Nothing was saved: the sidebar still shows the thank-you.
  await expect(page.getByTestId('kq-care-item')).toHaveCount(1);

  await section.getByTestId('kq-care-open-to').fill('21:00');
  await thank.getByTestId('kq-care-rule-on').uncheck();
  await section.getByTestId('kq-care-rules-save').click();
  await expect(section.getByTestId('kq-care-rules-message')).toHaveText(
    'Đã lưu. Hàng đợi được tính lại theo quy tắc mới.',
  );
  await expect(section.getByTestId('kq-care-rules-error')).toHaveCount(0);
  // The open sidebar's queue follows at once.
  await expect(page.getByTestId('kq-care-item')).toHaveCount(0);
  await expect(page.getByTestId('kq-care-empty')).toBeVisible();

  await setUiLocale(context, 'en');
  await options.reload();
  await expect(section.getByRole('heading')).toHaveText('Customer care');
  await expect(thank.getByTestId('kq-care-rule-on')).not.toBeChecked();
  await expect(thank).toContainText('Thank-you after delivery');
});

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe's WCAG 2.1 A/AA violations in `include` (our shadow root, or a whole extension page). */
async function axeViolations(page: Page, include: unknown): Promise<string[]> {
  // evaluate, not a script tag: extension pages forbid inline scripts (CSP).
  await page.evaluate(readFileSync(AXE, 'utf8'));
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } })
      .axe;
    const r = (await axe.run(include ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: { id: string; nodes: { target: unknown }[] }[] };
    return r.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} at ${JSON.stringify(n.target)}`),
    );
  }, include);
}

test('the queue, its menus, the reminder form and the popup have no WCAG 2.1 A/AA violations', async ({
  page,
  context,
}) => {
  await metaCustomerWithOrders(page, context, [
    { code: 'SON9001', daysAgo: 3 },
    { code: 'SON9002', daysAgo: 8 },
  ]);
  const items = await openQueue(page);
  await expect(items).toHaveCount(3);
  await items.nth(0).getByTestId('kq-care-snooze-menu').click();
  await items.nth(1).getByTestId('kq-care-dismiss').click();
  await page.getByTestId('kq-remind-open').click();
  await page.locator('[data-testid="kq-remind-preset"][data-preset="date"]').check();
  expect(
    await axeViolations(page, {
      include: [{ fromShadowDom: ['khach-quen-sidebar', '[data-testid="kq-sidebar"]'] }],
    }),
  ).toEqual([]);

  const { extensionId } = await extensionWorker(context);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByTestId('kq-care-item')).toHaveCount(3);
  expect(await axeViolations(popup, null)).toEqual([]);
});
