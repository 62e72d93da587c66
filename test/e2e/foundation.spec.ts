// The foundation's promises, in real Chromium with the built extension on the inbox
// replicas served at their real URLs: the sidebar mounts in our shadow root on both
// platforms, the background answers, and what it stored survives a reload and a service
// worker restart.
import { stopServiceWorker } from '../../scripts/browser';
import { PROD_EXTENSION_DIR } from './global-setup';
import { countRows, expect, sidebar, test } from './harness';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=111111111111111&mailbox_id=111111111111111';
const ZALO_URL = 'https://chat.zalo.me/';

const platforms = [
  {
    name: 'Meta Business Suite',
    url: META_URL,
    hostName: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
  },
  { name: 'Zalo Web', url: ZALO_URL, hostName: '#header .header-title' },
];

const plain = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

for (const platform of platforms) {
  test(`${platform.name}: the sidebar mounts, the background answers, data survives reload and a service-worker restart`, async ({
    page,
    context,
  }) => {
    await page.goto(platform.url);
    const bar = sidebar(page);
    await expect(bar).toHaveAttribute('data-state', 'view');

    // The name comes back from the background and matches the host's own header.
    const hostName = plain(await page.locator(platform.hostName).first().textContent());
    expect(hostName).not.toBe('');
    await expect(page.getByTestId('kq-name')).toHaveText(hostName);
    await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', /^(new|returning)$/);
    await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'ok');

    // Our UI is not in the host page's DOM: only inside our shadow root.
    expect(
      await page.evaluate(() => document.querySelectorAll('[data-testid^="kq-"]').length),
    ).toBe(0);

    const customerId = await bar.getAttribute('data-customer-id');
    expect(customerId).toBeTruthy();
    expect(await countRows(context)).toMatchObject({ customers: 1, identities: 1, touchpoints: 1 });

    await page.reload();
    await expect(bar).toHaveAttribute('data-customer-id', customerId as string);
    expect(await countRows(context)).toMatchObject({ customers: 1, identities: 1, touchpoints: 1 });

    // MV3 stops idle workers; the data must come back from IndexedDB, not memory.
    await stopServiceWorker(context, page);
    await page.reload();
    await expect(bar).toHaveAttribute('data-state', 'view');
    await expect(bar).toHaveAttribute('data-customer-id', customerId as string);
    await expect(page.getByTestId('kq-name')).toHaveText(hostName);
  });
}

test('a worker stopped under an open inbox: the next switch is answered on a fresh port', async ({
  page,
  context,
}) => {
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const names = await page.evaluate(() => window.__kqFixture.threads.map((t) => t.name));
  // MV3 stops idle workers; that disconnects the tab's port to it.
  await stopServiceWorker(context, page);
  for (const index of [1, 2]) {
    await page.evaluate((i) => window.__kqFixture.switchTo(i), index);
    await expect(page.getByTestId('kq-name')).toHaveText(plain(names[index] ?? ''));
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  }
});

test.describe('production build', () => {
  test.use({ extensionDir: PROD_EXTENSION_DIR });

  test('keeps customer data out of the host page’s reach (closed shadow root)', async ({
    page,
    context,
  }) => {
    await page.goto(ZALO_URL);
    const host = page.locator('khach-quen-sidebar');
    await expect(host).toHaveCount(1);
    // The background did its work, so the sidebar has data to show …
    await expect.poll(async () => (await countRows(context)).customers).toBe(1);
    // … yet the page's own scripts cannot reach into it.
    expect(
      await page.evaluate(() => document.querySelector('khach-quen-sidebar')?.shadowRoot ?? null),
    ).toBeNull();
    await expect(page.getByTestId('kq-sidebar')).toHaveCount(0);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Khách Quen');
  });
});

test('the production manifest asks only for the two inboxes and nothing else', async () => {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(`${PROD_EXTENSION_DIR}/manifest.json`, 'utf8'));
  const inboxes = [
    'https://business.facebook.com/*',
    'https://www.facebook.com/latest/inbox/*',
    'https://chat.zalo.me/*',
  ];
  expect(manifest.manifest_version).toBe(3);
  // `alarms` wakes the stopped worker to sync with the team server and to keep the care
  // queue current; `storage` keeps the agent's UI choices (language, sidebar layout);
  // `notifications` says when a care reminder is due (Chrome names it at install).
  expect(manifest.permissions ?? []).toEqual(['alarms', 'storage', 'notifications']);
  expect(manifest.host_permissions).toEqual(inboxes);
  const matches = new Set(
    manifest.content_scripts.flatMap((c: { matches: string[] }) => c.matches),
  );
  expect([...matches].sort()).toEqual([...inboxes].sort());
  expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  expect(manifest.browser_specific_settings).toBeUndefined();
});
