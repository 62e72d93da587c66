// `npm run screenshots`: the README's pictures of the sidebar, in Vietnamese and English, on
// both inbox replicas, with a returning customer who just asked about COD shipping, a label,
// a note and a phone number. Needs the e2e build (open shadow root, to drive the sidebar).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, ROOT, serveReplicas, setUiLocale } from './browser';

const SITES = [
  {
    name: 'meta',
    url: 'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345',
  },
  { name: 'zalo', url: 'https://chat.zalo.me/' },
] as const;

const byId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function dress(page: Page, locale: 'vi' | 'en') {
  await byId(page, 'kq-sidebar').and(page.locator('[data-state="view"]')).waitFor();
  await page.waitForTimeout(500);
  // On Zalo the customer is already known: the Zalo thread carries the number given on
  // Messenger, so the label and note made there show up by themselves.
  if ((await byId(page, 'kq-label').count()) > 0) return askAboutShipping(page);
  await byId(page, 'kq-label-add').click();
  await byId(page, 'kq-label-filter').fill(locale === 'vi' ? 'Khách sỉ' : 'Wholesale');
  await byId(page, 'kq-label-create').click();
  await byId(page, 'kq-label').first().waitFor();
  await byId(page, 'kq-note-input').fill(
    locale === 'vi' ? 'Thích màu be, mặc size M. Giao giờ hành chính.' : 'Likes beige, wears M.',
  );
  await byId(page, 'kq-note-add').click();
  await byId(page, 'kq-note').first().waitFor();
  await byId(page, 'kq-contact-input').fill('0912 345 678');
  await byId(page, 'kq-contact-add').click();
  await byId(page, 'kq-phone').first().waitFor();
  await askAboutShipping(page);
}

async function askAboutShipping(page: Page) {
  await page.evaluate(() =>
    (
      window as unknown as { __kqFixture: { appendIncoming(t: string): void } }
    ).__kqFixture.appendIncoming('ship cod ko shop'),
  );
  await byId(page, 'kq-reply').first().filter({ hasText: /COD/ }).waitFor();
  await page.waitForTimeout(300);
}

async function main() {
  for (const locale of ['vi', 'en'] as const) {
    const profile = mkdtempSync(path.join(tmpdir(), 'kq-shots-'));
    const context = await launchWithExtension({
      userDataDir: profile,
      viewport: { width: 1440, height: 900 },
    });
    try {
      await serveReplicas(context);
      await setUiLocale(context, locale);
      for (const site of SITES) {
        const page = await context.newPage();
        await page.goto(site.url);
        await dress(page, locale).catch(async (error) => {
          await page.screenshot({ path: path.join(ROOT, 'artifacts', 'screenshots-failed.png') });
          throw error;
        });
        const file = path.join(ROOT, 'docs', `sidebar-${site.name}-${locale}.png`);
        await page.screenshot({ path: file });
        console.log(`  ${path.relative(ROOT, file)}`);
        await page.close();
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
}

await main();
