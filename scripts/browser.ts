// Launching Debian's Chromium with the built extension, and serving the inbox replicas at
// their real URLs with no network. Shared by the e2e suite and the demo (`npm start`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

// The part of the extension API used inside worker.evaluate (runs in the service worker).
declare const chrome: {
  tabs: {
    query(q: { url: string }): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

export const ROOT = path.resolve(import.meta.dirname, '..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');
export const FIXTURES_DIR = path.join(ROOT, 'test/fixtures');

/** The flags that work headless on these machines (no sandbox as root, no network noise). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(
      `Chromium not found at ${candidate}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return candidate;
}

export interface LaunchOptions {
  userDataDir: string;
  extensionDir?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Browser UI language (`vi`, `en-US`): the host replicas do not depend on it. */
  locale?: string;
}

export async function launchWithExtension(options: LaunchOptions): Promise<BrowserContext> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build\` first.`);
  }
  return launchChromium({ ...options, extensionDir });
}

/**
 * The one way this project launches Chromium: with the extension, or (`extensionDir: null`)
 * the very same browser without it, so a benchmark's two arms differ in nothing else
 * (viewport, flags, headless mode).
 */
export async function launchChromium(
  options: Omit<LaunchOptions, 'extensionDir'> & { extensionDir: string | null },
): Promise<BrowserContext> {
  const { extensionDir } = options;
  return chromium.launchPersistentContext(options.userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1366, height: 768 },
    ...(options.locale ? { locale: options.locale } : {}),
    args: [
      ...(extensionDir
        ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
        : []),
      ...CHROMIUM_FLAGS,
    ],
  });
}

/** Fixture files served per real URL pattern. Later entries win over earlier ones. */
export type Routes = Record<string, string>;

export const DEFAULT_ROUTES: Routes = {
  'https://business.facebook.com/**': 'meta/current-en.html',
  'https://www.facebook.com/**': 'meta/current-en.html',
  'https://chat.zalo.me/**': 'zalo/one-to-one.html',
};

/** Everything offline except the replicas; images and other requests fail as offline. */
export async function serveReplicas(context: BrowserContext, routes: Routes = DEFAULT_ROUTES) {
  await context.route(
    (url) => url.protocol === 'http:' || url.protocol === 'https:',
    (route) => route.abort('internetdisconnected'),
  );
  // Scripts the replicas share (editor stand-in, switch simulator) live once under
  // test/fixtures and are served from a path no real site uses.
  await context.route('https://*/__kq_fixture__/**', (route) => {
    const rel = new URL(route.request().url()).pathname.replace(/^\/__kq_fixture__\//, '');
    if (rel.includes('..')) return route.abort('accessdenied');
    return route.fulfill({
      contentType: 'text/javascript; charset=utf-8',
      path: path.join(FIXTURES_DIR, rel),
    });
  });
  for (const [pattern, file] of Object.entries(routes)) {
    await context.route(pattern, (route) => {
      // Anything but the page itself goes on to the shared-script route or the offline one.
      if (route.request().resourceType() !== 'document') return route.fallback();
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        path: path.join(FIXTURES_DIR, file),
      });
    });
  }
}

export async function extensionWorker(context: BrowserContext) {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { worker, extensionId: new URL(worker.url()).host };
}

/** The agent's UI language, as the options page stores it (utils/ui-locale.ts). */
export async function setUiLocale(context: BrowserContext, locale: 'vi' | 'en'): Promise<void> {
  const { worker } = await extensionWorker(context);
  await worker.evaluate(
    (l) =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { set(v: object): Promise<void> } } };
        }
      ).chrome.storage.local.set({ 'ui.locale': l }),
    locale,
  );
}

/**
 * Counts rows per table in the extension's IndexedDB, read inside the service worker.
 * Never creates the database (an early empty one would block Dexie's upgrade) and always
 * closes its connection (an open one would block the next schema upgrade).
 */
export async function countRows(context: BrowserContext): Promise<Record<string, number>> {
  const worker = context.serviceWorkers().at(-1) ?? (await extensionWorker(context)).worker;
  return worker.evaluate(
    (name) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onupgradeneeded = () => req.transaction?.abort();
        req.onerror = () => resolve({});
        req.onsuccess = () => {
          const db = req.result;
          const names = [...db.objectStoreNames];
          if (names.length === 0) {
            db.close();
            return resolve({});
          }
          const tx = db.transaction(names, 'readonly');
          const out: Record<string, number> = {};
          for (const store of names) {
            const r = tx.objectStore(store).count();
            r.onsuccess = () => {
              out[store] = r.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => {
            db.close();
            reject(tx.error);
          };
        };
      }),
    'khach-quen',
  );
}

/**
 * Sends a typed message from the background to the tab showing `urlPattern`, as the
 * background itself does (the @webext-core/messaging wire format), and returns the answer.
 */
export async function sendToTab<T>(
  context: BrowserContext,
  urlPattern: string,
  type: string,
  data: unknown,
): Promise<T> {
  const worker = context.serviceWorkers().at(-1) ?? (await extensionWorker(context)).worker;
  const reply = await worker.evaluate(
    async ({ urlPattern, type, data }) => {
      const [tab] = await chrome.tabs.query({ url: urlPattern });
      if (tab?.id === undefined) throw new Error(`no tab matches ${urlPattern}`);
      return chrome.tabs.sendMessage(tab.id, { id: Date.now(), type, data, timestamp: Date.now() });
    },
    { urlPattern, type, data },
  );
  const { res, err } = (reply ?? {}) as { res?: T; err?: { message?: string } };
  if (err) throw new Error(err.message ?? 'the tab answered with an error');
  return res as T;
}

/** Sends a typed message to the background from an extension page (the wire format). */
export async function askBackground<T>(extPage: Page, type: string, data?: unknown): Promise<T> {
  const reply = await extPage.evaluate(
    ({ type, data }) =>
      chrome.runtime.sendMessage({ id: Date.now(), type, data, timestamp: Date.now() }),
    { type, data },
  );
  const { res, err } = (reply ?? {}) as { res?: T; err?: { message?: string } };
  if (err) throw new Error(err.message ?? 'the background answered with an error');
  return res as T;
}

/** Stop the extension's service worker the way Chrome does after 30 s idle (CDP). */
export async function stopServiceWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  let versionId = '';
  let status = '';
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const v of event.versions) {
      if (v.scriptURL.startsWith('chrome-extension://')) {
        versionId = v.versionId;
        status = v.runningStatus;
      }
    }
  });
  await cdp.send('ServiceWorker.enable');
  await waitFor(() => versionId !== '', 'the extension service worker to be listed');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await waitFor(() => status === 'stopped', 'the service worker to stop');
  await cdp.detach();
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
