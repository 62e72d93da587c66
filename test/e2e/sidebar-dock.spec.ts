// The sidebar docks beside the host inbox instead of covering it: on both replicas, at a
// 1280×720 laptop and a 1920×1080 desktop, it never overlaps the host's composer or message
// list, the conversation list stays in view, and nothing of the host renders under it. It
// collapses to a rail that keeps the status (the host gets the room back), Alt+Shift+K
// toggles it without taking other keys from the host, and the width follows the resize
// handle and survives a reload. Without the app root it floats and says so.
import type { Locator, Page } from '@playwright/test';
import { extensionWorker } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=111111111111111&mailbox_id=111111111111111';
const ZALO_URL = 'https://chat.zalo.me/';

const SITES = [
  {
    name: 'Meta Business Suite',
    url: META_URL,
    root: '#mount_0_0_kq',
    composer: '[role="textbox"][data-lexical-editor="true"]',
    send: 'div[role="button"][aria-label="Send"]',
    // The region overflows its scroller; what matters is where its column is.
    messages: '[role="region"][aria-label^="Message list container"]',
    threadList: '[data-pagelet="GenericBizInboxThreadListViewBody"]',
  },
  {
    name: 'Zalo Web',
    url: ZALO_URL,
    root: '#app',
    composer: '#richInput',
    send: '#chatInput',
    messages: '#messageViewScroll',
    threadList: '#conversationListId',
  },
] as const;

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

type Rect = { x: number; y: number; width: number; height: number };

async function rect(locator: Locator): Promise<Rect> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return box;
}

const intersects = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Host elements (inside the app root) whose box reaches under the given left edge. */
function hostElementsPast(page: Page, root: string, left: number): Promise<string[]> {
  return page.evaluate(
    ({ root, left }) => {
      const out: string[] = [];
      for (const el of document.querySelectorAll(`${root}, ${root} *`)) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.right > left + 0.5) {
          out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
        }
      }
      return out;
    },
    { root, left },
  );
}

async function openDocked(page: Page, url: string) {
  await page.goto(url);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'docked');
}

/** What the extension stored, read in its service worker (where `chrome` is defined). */
async function storedLayout(page: Page): Promise<unknown> {
  const { worker } = await extensionWorker(page.context());
  return worker.evaluate(async () => {
    const storage = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome.storage.local;
    return (await storage.get('sidebar.layout'))['sidebar.layout'];
  });
}

for (const site of SITES) {
  for (const viewport of VIEWPORTS) {
    test(`${site.name} at ${viewport.width}×${viewport.height}: docked beside the host, covering neither composer nor messages`, async ({
      page,
    }) => {
      await page.setViewportSize(viewport);
      await openDocked(page, site.url);
      const bar = await rect(sidebar(page));
      // Full height at the right edge, at the first width for this screen.
      expect(bar.x + bar.width).toBeCloseTo(viewport.width, 0);
      expect(bar.height).toBeCloseTo(viewport.height, 0);
      expect(bar.width).toBe(viewport.width < 1440 ? 260 : 320);

      // The host's app root ends where the sidebar starts.
      const root = await rect(page.locator(site.root));
      expect(root.x + root.width).toBeCloseTo(bar.x, 0);

      for (const part of [site.composer, site.send, site.messages]) {
        const box = await rect(page.locator(part).first());
        expect(intersects(box, bar), `${part} under the sidebar`).toBe(false);
      }
      for (const part of [site.composer, site.messages]) {
        const box = await rect(page.locator(part).first());
        expect(box.width, `${part} keeps a usable width`).toBeGreaterThan(140);
      }
      const list = page.locator(site.threadList);
      await expect(list).toBeInViewport();
      const listBox = await rect(list);
      expect(intersects(listBox, bar)).toBe(false);
      expect(listBox.width).toBeGreaterThan(300);

      // Nothing of the host (virtual lists, their rows, the info panel) renders under us.
      expect(await hostElementsPast(page, site.root, bar.x)).toEqual([]);

      // The host composer still takes input where the agent clicks it.
      const composer = await rect(page.locator(site.composer).first());
      const hit = await page.evaluate(
        ({ x, y, css }) => document.elementFromPoint(x, y)?.closest(css) !== null,
        {
          x: composer.x + composer.width / 2,
          y: composer.y + composer.height / 2,
          css: site.composer,
        },
      );
      expect(hit).toBe(true);
    });
  }

  test(`${site.name}: collapses to a rail with the status, Alt+Shift+K toggles, the width is dragged and remembered`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openDocked(page, site.url);
    const status = await page.getByTestId('kq-badge').getAttribute('data-status');
    expect(status).toMatch(/^(new|returning|customer|vip|lapsed)$/);
    const statusText = (await page.getByTestId('kq-badge').textContent()) ?? '';
    const composerBefore = await rect(page.locator(site.composer).first());

    // Hosts that lay out on window resize hear about the new room.
    await page.evaluate(() => {
      const w = window as unknown as { __kqResizes: number };
      w.__kqResizes = 0;
      window.addEventListener('resize', () => w.__kqResizes++);
    });

    // Collapse with the button: a slim rail keeps the badge status, the host gets the room.
    const toggle = page.getByTestId('kq-toggle');
    await expect(toggle).toHaveAttribute('title', /Alt\+Shift\+K/);
    await toggle.click();
    const rail = page.getByTestId('kq-rail');
    await expect(rail).toBeVisible();
    await expect(rail).toHaveAttribute('data-status', status as string);
    await expect(rail).toHaveAccessibleName(new RegExp(statusText));
    await expect(rail).toContainText(statusText);
    await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-collapsed', 'true');
    const railBox = await rect(page.getByTestId('kq-dock'));
    expect(railBox.width).toBe(44);
    const root = await rect(page.locator(site.root));
    expect(root.x + root.width).toBeCloseTo(1280 - 44, 0);
    const composerAfter = await rect(page.locator(site.composer).first());
    expect(composerAfter.width).toBeGreaterThan(composerBefore.width + 150);
    expect(intersects(composerAfter, railBox)).toBe(false);
    expect(await hostElementsPast(page, site.root, railBox.x)).toEqual([]);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __kqResizes: number }).__kqResizes))
      .toBeGreaterThan(0);

    // The chord toggles from anywhere; other keys still reach the host, ours does not.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      const seen: string[] = [];
      (window as unknown as { __kqHostKeys: string[] }).__kqHostKeys = seen;
      document.addEventListener('keydown', (e) => seen.push(e.code));
    });
    await page.keyboard.press('Alt+Shift+KeyK');
    await expect(rail).toHaveCount(0);
    await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-collapsed', 'false');
    await page.keyboard.press('Alt+Shift+KeyJ');
    await page.keyboard.press('Alt+KeyK');
    await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-collapsed', 'false');
    const hostKeys = await page.evaluate(
      () => (window as unknown as { __kqHostKeys: string[] }).__kqHostKeys,
    );
    expect(hostKeys.filter((k) => k.startsWith('Key'))).toEqual(['KeyJ', 'KeyK']);

    // Drag the left edge 100 px to the left: the sidebar widens and the host narrows.
    const handle = page.getByTestId('kq-resize');
    await expect(handle).toHaveAttribute('aria-valuenow', '260');
    await expect(handle).toHaveAttribute('aria-valuemin', '260');
    await expect(handle).toHaveAttribute('aria-valuemax', '480');
    const h = await rect(handle);
    await page.mouse.move(h.x + h.width / 2, h.y + 200);
    await page.mouse.down();
    await page.mouse.move(h.x + h.width / 2 - 50, h.y + 200, { steps: 5 });
    await page.mouse.move(h.x + h.width / 2 - 100, h.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect(handle).toHaveAttribute('aria-valuenow', '360');
    expect((await rect(sidebar(page))).width).toBe(360);
    const narrowed = await rect(page.locator(site.root));
    expect(narrowed.x + narrowed.width).toBeCloseTo(1280 - 360, 0);
    // Dragging past the limit clamps.
    const h2 = await rect(handle);
    await page.mouse.move(h2.x + 2, h2.y + 200);
    await page.mouse.down();
    await page.mouse.move(h2.x - 400, h2.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect(handle).toHaveAttribute('aria-valuenow', '480');

    // The keyboard resizes too.
    await handle.focus();
    await page.keyboard.press('Home');
    await expect(handle).toHaveAttribute('aria-valuenow', '260');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(handle).toHaveAttribute('aria-valuenow', '292');
    await expect.poll(() => storedLayout(page)).toEqual({ width: 292, collapsed: false });

    // Remembered across a reload, collapsed or not.
    await page.reload();
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await expect(page.getByTestId('kq-resize')).toHaveAttribute('aria-valuenow', '292');
    expect((await rect(sidebar(page))).width).toBe(292);
    await page.getByTestId('kq-toggle').click();
    await expect.poll(() => storedLayout(page)).toEqual({ width: 292, collapsed: true });
    await page.reload();
    await expect(page.getByTestId('kq-rail')).toHaveAttribute('data-status', status as string);
    const back = await rect(page.locator(site.root));
    expect(back.x + back.width).toBeCloseTo(1280 - 44, 0);
  });
}

test('the browser window shrinks from 1920 to 1280: the sidebar stays docked beside the host', async ({
  page,
}) => {
  const site = SITES[1];
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openDocked(page, site.url);
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'docked');
  const bar = await rect(sidebar(page));
  expect(bar.x).toBeCloseTo(1280 - 320, 0);
  expect(bar.height).toBeCloseTo(720, 0);
  const root = await rect(page.locator(site.root));
  expect(root.x + root.width).toBeCloseTo(bar.x, 0);
  for (const part of [site.composer, site.messages, site.threadList]) {
    expect(intersects(await rect(page.locator(part).first()), bar)).toBe(false);
  }
});

test.describe('Zalo Web idle screen', () => {
  test.use({ routes: { 'https://chat.zalo.me/**': 'zalo/idle.html' } });

  test('the host modal and its "Kích hoạt" button stay clear of the docked sidebar', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(ZALO_URL);
    await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'docked');
    const bar = await rect(sidebar(page));
    const dialog = await rect(page.locator('.zl-modal__dialog'));
    expect(intersects(dialog, bar)).toBe(false);
    const button = await rect(page.locator('.zl-modal__footer .z--btn--v2').first());
    expect(intersects(button, bar)).toBe(false);
  });
});

test('Zalo Web without its app root: the sidebar floats, says so, and the host is untouched', async ({
  page,
}) => {
  // A build that renamed the root (the pack's dockRoot no longer matches).
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const app = document.getElementById('app');
      if (app) app.id = 'app-renamed';
    });
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'floating');
  await expect(page.getByTestId('kq-dock-floating')).toBeVisible();
  const root = await rect(page.locator('#app-renamed'));
  expect(root.width).toBe(1280);
  // No style of ours in the page.
  expect(
    await page.evaluate(() =>
      [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('!important')),
    ),
  ).toBe(false);
});

test('Meta Business Suite refusing to narrow (its own min-width): the sidebar floats and says so', async ({
  page,
}) => {
  // A build whose root will not go below the window width, whatever we ask.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = '#mount_0_0_kq { min-width: 100vw !important; }';
      document.head.append(style);
    });
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'floating');
  await expect(page.getByTestId('kq-dock-floating')).toContainText('không thu hẹp được');
});

test('Zalo Web: a host that drops our style element gets it back, and stays narrowed', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDocked(page, ZALO_URL);
  // The one element we add to the page: a style rule, readable by the host and nothing else.
  const ours = () =>
    page.evaluate(
      () =>
        [...document.querySelectorAll('style')].filter((s) =>
          s.textContent?.includes('calc(100% - '),
        ).length,
    );
  expect(await ours()).toBe(1);
  await page.evaluate(() => {
    for (const s of document.querySelectorAll('style')) {
      if (s.textContent?.includes('calc(100% - ')) s.remove();
    }
  });
  await expect.poll(ours).toBe(1);
  const root = await rect(page.locator('#app'));
  expect(root.x + root.width).toBeCloseTo(1280 - 260, 0);
  await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'docked');
});

test('the layout is one preference: collapsing in one inbox tab collapses the other', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDocked(page, ZALO_URL);
  const other = await context.newPage();
  await other.setViewportSize({ width: 1280, height: 720 });
  await openDocked(other, META_URL);
  await page.getByTestId('kq-toggle').click();
  await expect(page.getByTestId('kq-rail')).toBeVisible();
  await expect(other.getByTestId('kq-rail')).toBeVisible();
  const root = await rect(other.locator('#mount_0_0_kq'));
  expect(root.x + root.width).toBeCloseTo(1280 - 44, 0);
});

// Every replica variant (older Meta build, Vietnamese UI, Instagram; Zalo group and a list
// scrolled away from the open row) docks the same way: the anchor is the app root.
const VARIANTS = [
  ['meta/current-vi.html', META_URL, '#mount_0_0_kq', '.kq-composer', '.kq-thread', '.kq-list'],
  [
    'meta/instagram.html',
    'https://business.facebook.com/latest/inbox/instagram_direct?asset_id=111111111111111',
    '#mount_0_0_kq',
    '.kq-composer',
    '.kq-thread',
    '.kq-list',
  ],
  ['meta/older-build.html', META_URL, '#mount_0_0_kq', '.kq-composer', '.kq-thread', '.kq-list'],
  ['zalo/group.html', ZALO_URL, '#app', '#chatInput', '.kq-scroller', '#conversationListId'],
  [
    'zalo/virtualized-offscreen.html',
    ZALO_URL,
    '#app',
    '#chatInput',
    '.kq-scroller',
    '#conversationListId',
  ],
] as const;

for (const [file, url, root, composer, messages, list] of VARIANTS) {
  test.describe(`replica ${file}`, () => {
    test.use({
      routes: {
        'https://business.facebook.com/**': file,
        'https://chat.zalo.me/**': file,
      },
    });

    test('docks at 1280×720 without covering the composer, the messages or the list', async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(url);
      await expect(page.getByTestId('kq-dock')).toHaveAttribute('data-dock', 'docked');
      const bar = await rect(sidebar(page));
      const rootBox = await rect(page.locator(root));
      expect(rootBox.x + rootBox.width).toBeCloseTo(bar.x, 0);
      for (const part of [composer, messages, list]) {
        const box = await rect(page.locator(part).first());
        expect(intersects(box, bar), `${part} under the sidebar`).toBe(false);
        expect(box.width, `${part} keeps a usable width`).toBeGreaterThan(200);
      }
      expect(await hostElementsPast(page, root, bar.x)).toEqual([]);
    });
  });
}
