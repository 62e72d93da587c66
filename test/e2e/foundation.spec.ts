// The foundation's promises, in real Chromium with the built extension on the inbox
// replicas served at their real URLs: the sidebar mounts in our shadow root on both
// platforms, the background answers, and what it stored survives a reload and a service
// worker restart.
import { BRIDGE_REPLY, BRIDGE_REQUEST } from '../../content-scripts/meta/bridge';
import { extensionWorker, sendToTab, stopServiceWorker } from '../../scripts/browser';
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

test.describe('production build, page scripts', () => {
  test.use({ extensionDir: PROD_EXTENSION_DIR });

  test('what only we know of a customer (a note) is shown in our closed root and never reaches the page — not its DOM, attributes, storage or the events its scripts hear', async ({
    page,
    context,
  }) => {
    const SECRET = 'KQ-SECRET-NOTE-7731';
    // The page's own scripts, from before ours: everything posted or dispatched where they listen.
    await context.addInitScript(
      ([request, reply]) => {
        const heard: string[] = [];
        (window as unknown as { __heard: string[] }).__heard = heard;
        const keep = (e: Event) => {
          const data = (e as MessageEvent).data ?? (e as CustomEvent).detail;
          heard.push(typeof data === 'string' ? data : JSON.stringify(data ?? null));
        };
        window.addEventListener('message', keep, true);
        for (const type of [request, reply]) document.addEventListener(type as string, keep, true);
      },
      [BRIDGE_REQUEST, BRIDGE_REPLY],
    );
    await page.goto(META_URL);
    await expect.poll(async () => (await countRows(context)).customers).toBe(1);
    const { worker } = await extensionWorker(context);
    const customerId = await worker.evaluate(
      ([name, text]) =>
        new Promise<string>((resolve, reject) => {
          const req = indexedDB.open(name as string);
          req.onsuccess = () => {
            const db = req.result;
            const tx = db.transaction(['customers', 'notes'], 'readwrite');
            const all = tx.objectStore('customers').getAll();
            all.onsuccess = () => {
              const id = (all.result[0] as { id: string }).id;
              tx.objectStore('notes').put({
                id: 'note-secret',
                customerId: id,
                text: text as string,
                author: 'Lan',
                pinned: true,
                createdAt: Date.now(),
                updatedAt: Date.now(),
              });
              tx.oncomplete = () => {
                db.close();
                resolve(id);
              };
            };
            tx.onerror = () => reject(tx.error);
          };
          req.onerror = () => reject(req.error);
        }),
      ['khach-quen', SECRET],
    );
    await sendToTab(context, 'https://business.facebook.com/*', 'dataChanged', {
      customerIds: [customerId],
      labels: false,
    });
    // The devtools protocol sees into closed shadow roots: the note is on screen, in ours.
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () =>
        JSON.stringify(await cdp.send('DOM.getDocument', { depth: -1, pierce: true })).includes(
          SECRET,
        ),
      )
      .toBe(true);
    // A switch and back, so the bridge and the port run with the note stored.
    await page.evaluate(() => window.__kqFixture.switchTo(1));
    await page.evaluate(() => window.__kqFixture.switchTo(0));
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __heard: string[] };
      return [
        document.documentElement.outerHTML,
        document.title,
        window.name,
        JSON.stringify({ ...localStorage }),
        JSON.stringify({ ...sessionStorage }),
        document.cookie,
        ...w.__heard,
      ].join('\n');
    });
    // The listeners did hear our bridge (ids only) — they were in place.
    expect(
      await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard.length),
    ).toBeGreaterThan(0);
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain(customerId);
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

test('the content scripts stay small: no schema library in them, each under 40 KB gzip', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const dir = `${PROD_EXTENSION_DIR}/content-scripts`;
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
  expect(scripts.sort()).toEqual(['meta-bridge.js', 'meta.js', 'zalo.js']);
  for (const file of scripts) {
    const code = readFileSync(`${dir}/${file}`);
    // zod validates in the background; its classes would add ~9 KB gzip to every inbox page.
    expect(code.includes('$ZodType'), file).toBe(false);
    expect(gzipSync(code, { level: 6 }).length, file).toBeLessThanOrEqual(40 * 1024);
  }
});
