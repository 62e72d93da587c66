// The platform adapters in real Chromium on the replicas: the sidebar follows every
// conversation switch and never paints the previous customer under the new name, replies
// go into the editor stand-in through its own input path without being sent, and a
// changed site is reported by the anchor it lost.
import type { Page } from '@playwright/test';
import { sendToTab } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';
const ZALO_URL = 'https://chat.zalo.me/';

/**
 * Samples every animation frame: the host header's name against what our sidebar shows.
 * A frame where the sidebar shows a customer under another name is a violation.
 */
async function watchFrames(page: Page, headerCss: string) {
  await page.evaluate((headerCss) => {
    window.__kqViolations = [];
    window.__kqFrames = 0;
    window.__kqIdNames = {};
    const root = document.querySelector('khach-quen-sidebar')?.shadowRoot;
    const tick = () => {
      window.__kqFrames += 1;
      const host = (document.querySelector(headerCss)?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();
      const bar = root?.querySelector('[data-testid="kq-sidebar"]');
      const shown = root?.querySelector('[data-testid="kq-name"]')?.textContent ?? '';
      if (bar?.getAttribute('data-state') === 'view') {
        if (host && shown !== host)
          window.__kqViolations.push(`host "${host}" / sidebar "${shown}"`);
        // The record shown must belong to the conversation on screen, not just its name.
        const id = bar.getAttribute('data-customer-id') ?? '';
        const names = window.__kqIdNames[id] ?? [];
        window.__kqIdNames[id] = names;
        if (host && !names.includes(host)) names.push(host);
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, headerCss);
}

async function expectCleanFrames(page: Page) {
  expect(await page.evaluate(() => window.__kqFrames)).toBeGreaterThan(20);
  expect(await page.evaluate(() => window.__kqViolations)).toEqual([]);
  const idNames = await page.evaluate(() => window.__kqIdNames);
  for (const [id, names] of Object.entries(idNames))
    expect(names, `customer ${id}`).toHaveLength(1);
}

const platforms = [
  {
    name: 'Meta Business Suite',
    url: META_URL,
    header: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
    // Messenger threads of the replica (the Instagram one lives on another tab link).
    order: [1, 0, 3, 4, 5, 1, 6, 0, 7, 3, 8, 9, 0, 10, 11, 1, 4, 0, 5, 3],
  },
  {
    name: 'Zalo Web',
    url: ZALO_URL,
    header: '#header .header-title',
    order: [1, 0, 2, 3, 4, 5, 0, 6, 1, 3, 0, 4, 2, 5, 1, 0, 6, 3, 4, 0],
  },
];

for (const platform of platforms) {
  test(`${platform.name}: the sidebar follows 20 switches and never shows the previous customer`, async ({
    page,
  }) => {
    await page.goto(platform.url);
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await watchFrames(page, platform.header);
    const threads = await page.evaluate(() =>
      window.__kqFixture.threads.map((t) => ({ id: t.id, name: t.name })),
    );
    const seen = new Set<string>();
    for (const index of platform.order) {
      await page.evaluate((i) => window.__kqFixture.switchTo(i), index);
      const expected = threads[index]?.name.replace(/\s+/g, ' ').trim() as string;
      await expect(page.getByTestId('kq-name')).toHaveText(expected);
      await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
      await expect(page.getByTestId('kq-unconfirmed')).toHaveCount(0);
      const id = await sidebar(page).getAttribute('data-customer-id');
      seen.add(`${index}:${id}`);
    }
    await expectCleanFrames(page);
    // Each thread kept one customer id across its visits, and different threads differ.
    const byThread = new Map<string, string>();
    for (const entry of seen) {
      const [i, id] = entry.split(':') as [string, string];
      expect(byThread.get(i) ?? id).toBe(id);
      byThread.set(i, id);
    }
    expect(new Set(byThread.values()).size).toBe(byThread.size);
  });
}

test('Zalo Web: a multi-line reply goes into the composer through its own model, unsent', async ({
  page,
  context,
}) => {
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const text = 'Dạ em chào chị Lan ạ.\nShop ship COD toàn quốc, 2-3 ngày nhận hàng nhé.';
  const result = await sendToTab(context, 'https://chat.zalo.me/*', 'insertReply', { text });
  expect(result).toMatchObject({ ok: true });
  expect(await page.evaluate(() => window.__kqFixture.editorText())).toBe(text);
  expect(await page.evaluate(() => window.__kqFixture.sentMessages())).toEqual([]);
});

test('Meta Business Suite: a multi-line reply goes into the Lexical stand-in, unsent', async ({
  page,
  context,
}) => {
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const text = 'Dạ shop chào chị Hà ạ!\nĐơn của chị shop gửi COD nhé.\nCảm ơn chị.';
  const result = await sendToTab(context, 'https://business.facebook.com/*', 'insertReply', {
    text,
  });
  expect(result).toMatchObject({ ok: true });
  expect(await page.evaluate(() => window.__kqFixture.editorText())).toBe(text);
  expect(await page.evaluate(() => window.__kqFixture.sentMessages())).toEqual([]);
  // A malformed request from inside the extension is refused, not half-done.
  const bad = await sendToTab(context, 'https://business.facebook.com/*', 'insertReply', {
    text: 42,
  });
  expect(bad).toMatchObject({
    ok: false,
    error: expect.stringContaining('text: expected a string'),
  });
});

test('Meta Business Suite: without tab links the main-world bridge keeps the identity, and says the page changed', async ({
  page,
}) => {
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await page.evaluate(() => window.__kqFixture.removeAnchor('channel-selector'));
  await page.evaluate(() => window.__kqFixture.switchTo(3));
  await expect(page.getByTestId('kq-name')).toHaveText('Phạm Quốc Bảo');
  await expect(page.getByTestId('kq-unconfirmed')).toHaveCount(0);
  await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'degraded');
  await expect(page.getByTestId('kq-health')).toContainText('channel-selector');

  // With React's props gone too, the customer is shown as unconfirmed, never merged.
  await page.evaluate(() => window.__kqFixture.removeAnchor('fiber'));
  await page.evaluate(() => window.__kqFixture.switchTo(1));
  await expect(page.getByTestId('kq-name')).toHaveText('Trần Minh Khoa');
  await expect(page.getByTestId('kq-unconfirmed')).toBeVisible();
});

// [platform, url, what the site loses, the anchor name the sidebar reports]
for (const [platform, url, anchor, reported] of [
  ['Zalo Web', ZALO_URL, 'header-name', 'header-name'],
  ['Zalo Web', ZALO_URL, 'thread-id', 'selected-row'],
  ['Meta Business Suite', META_URL, 'composer', 'composer'],
  ['Meta Business Suite', META_URL, 'message-list', 'message-list'],
] as const) {
  test(`${platform}: losing "${anchor}" is reported as "${reported}"`, async ({ page }) => {
    await page.goto(url);
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await page.evaluate((a) => window.__kqFixture.removeAnchor(a), anchor);
    await page.evaluate(() => window.__kqFixture.switchTo(1));
    await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'degraded');
    await expect(page.getByTestId('kq-health')).toContainText(reported);
  });
}

test('Zalo Web: the idle "Kích hoạt" screen shows no customer', async ({ page, context }) => {
  await context.unroute('https://chat.zalo.me/**');
  await context.route('https://chat.zalo.me/**', (route) =>
    route.request().resourceType() === 'document'
      ? route.fulfill({
          contentType: 'text/html; charset=utf-8',
          path: 'test/fixtures/zalo/idle.html',
        })
      : route.fallback(),
  );
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'unsupported');
  await expect(page.getByTestId('kq-name')).toHaveCount(0);
  await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'unsupported');
});

test('Zalo Web: when the list and the thread keep naming different people, no customer is shown', async ({
  page,
}) => {
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  // The site's list marks another row while the open thread stays: a broken page, not a switch.
  await page.evaluate(() => {
    document.querySelector('.conv-item.selected')?.classList.remove('selected');
    document
      .querySelector('.msg-item[anim-data-id="7298104475610389223"] .conv-item')
      ?.classList.add('selected');
  });
  await expect(sidebar(page)).toHaveAttribute('data-state', 'loading');
  await expect(page.getByTestId('kq-name')).toHaveCount(0);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'unsure');
  await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'degraded');
  await expect(page.getByTestId('kq-name')).toHaveCount(0);
  await expect(page.getByTestId('kq-drift-copy')).toBeVisible();
});

test('Meta Business Suite: after a deep-link load, switches are followed although the URL keeps the old id', async ({
  page,
}) => {
  await page.goto(`${META_URL}&selected_item_id=100004827315590&thread_type=FB_MESSAGE`);
  await expect(page.getByTestId('kq-name')).toHaveText('Nguyễn Thu Hà');
  for (const [index, name] of [
    [1, 'Trần Minh Khoa'],
    [3, 'Phạm Quốc Bảo'],
    [0, 'Nguyễn Thu Hà'],
  ] as const) {
    await page.evaluate((i) => window.__kqFixture.switchTo(i), index);
    await expect(page.getByTestId('kq-name')).toHaveText(name);
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  }
  expect(page.url()).toContain('selected_item_id=100004827315590');
});

test('Meta Business Suite: slow tab links (1.5 s after the header) never turn the old record into the new customer', async ({
  page,
}) => {
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await watchFrames(page, '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4');
  for (const [index, name] of [
    [1, 'Trần Minh Khoa'],
    [3, 'Phạm Quốc Bảo'],
    [0, 'Nguyễn Thu Hà'],
  ] as const) {
    await page.evaluate((i) => window.__kqFixture.switchTo(i, { tabDelayMs: 1500 }), index);
    await expect(page.getByTestId('kq-name')).toHaveText(name);
  }
  await expectCleanFrames(page);
});
