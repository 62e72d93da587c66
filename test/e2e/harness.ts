// Playwright fixtures: every test gets a fresh Chromium profile with the built extension
// loaded and the inbox replicas served at their real URLs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type BrowserContext,
  test as base,
  expect,
  type Locator,
  type Page,
} from '@playwright/test';
import {
  countRows,
  DEFAULT_ROUTES,
  EXTENSION_DIR,
  launchWithExtension,
  type Routes,
  serveReplicas,
} from '../../scripts/browser';

export { countRows, expect };

export interface Options {
  routes: Routes;
  extensionDir: string;
}

export const test = base.extend<
  Options & { context: BrowserContext; userDataDir: string; page: Page }
>({
  routes: [DEFAULT_ROUTES, { option: true }],
  extensionDir: [EXTENSION_DIR, { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take an object pattern
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kq-profile-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  context: async ({ userDataDir, routes, extensionDir }, use) => {
    const context = await launchWithExtension({ userDataDir, extensionDir });
    await serveReplicas(context, routes);
    await use(context);
    await context.close();
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
});

/** The sidebar root inside our shadow root (Playwright pierces open shadow roots). */
export const sidebar = (page: Page): Locator => page.getByTestId('kq-sidebar');

/** The replicas' test API (test/fixtures/README.md). */
export interface ReplicaApi {
  threads: { id: string; name: string }[];
  switchTo(i: number, opts?: { tabDelayMs?: number }): Promise<void>;
  removeAnchor(name: string): boolean;
  editorText(): string;
  sentMessages(): string[];
  appendIncoming(text: string): unknown;
  streamIncoming(n: number, intervalMs: number): Promise<unknown[]>;
}

declare global {
  interface Window {
    __kqFixture: ReplicaApi;
    __kqViolations: string[];
    __kqFrames: number;
    /** customer id → the host header names seen with it, frame by frame. */
    __kqIdNames: Record<string, string[]>;
  }
}

/** Writes a settings row into the extension's IndexedDB, as the background's sync would. */
export async function putExtensionSetting(context: BrowserContext, key: string, value: unknown) {
  const worker = context.serviceWorkers().at(-1);
  if (!worker) throw new Error('the extension has no service worker');
  await worker.evaluate(
    ({ key, value }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('khach-quen');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('settings', 'readwrite');
          tx.objectStore('settings').put({ key, value });
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { key, value },
  );
}
