// Accessibility of the sidebar itself, checked by axe-core (WCAG 2.1 A and AA: roles and
// names, focusable controls, colour contrast) inside our shadow root, on both inboxes and in
// both languages, with every panel filled: replies, labels, card, notes, history.
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { extensionWorker } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SITES = {
  Meta: 'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345',
  Zalo: 'https://chat.zalo.me/',
};

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/** axe's violations inside the sidebar, and how many nodes its contrast check looked at. */
async function audit(page: Page): Promise<{ violations: string[]; contrastChecked: number }> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } })
      .axe;
    const r = (await axe.run(
      { include: [{ fromShadowDom: ['khach-quen-sidebar', '[data-testid="kq-sidebar"]'] }] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    )) as { violations: Violation[]; passes: Violation[] };
    const contrast = r.passes.find((p) => p.id === 'color-contrast');
    return { violations: r.violations, contrastChecked: contrast?.nodes.length ?? 0 };
  });
  return {
    violations: found.violations.flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id}: ${v.help} at ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`,
      ),
    ),
    contrastChecked: found.contrastChecked,
  };
}

for (const [site, url] of Object.entries(SITES)) {
  for (const locale of ['vi', 'en'] as const) {
    test(`${site}, ${locale}: the filled sidebar has no WCAG 2.1 A/AA violations`, async ({
      page,
      context,
    }) => {
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
      await page.goto(url);
      await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
      await page.getByTestId('kq-label-add').click();
      await page.getByTestId('kq-label-filter').fill('Khách sỉ');
      await page.getByTestId('kq-label-create').click();
      await expect(page.getByTestId('kq-label')).toHaveCount(1);
      await page.getByTestId('kq-note-input').fill('Giao giờ hành chính');
      await page.getByTestId('kq-note-add').click();
      await page.getByTestId('kq-contact-input').fill('0912 345 678');
      await page.getByTestId('kq-contact-add').click();
      await page.evaluate(() => window.__kqFixture.appendIncoming('ship cod ko shop'));
      await expect(page.getByTestId('kq-reply').first()).toContainText(/COD/);
      await page.getByTestId('kq-label-add').click();
      await expect(page.getByTestId('kq-label-filter')).toBeVisible();
      const result = await audit(page);
      expect(result.violations).toEqual([]);
      // It really looked inside the shadow root: every text of the filled sidebar.
      expect(result.contrastChecked).toBeGreaterThan(20);
    });
  }
}
