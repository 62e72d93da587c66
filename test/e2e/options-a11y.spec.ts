// The options page (the manager's home) checked by axe-core for WCAG 2.1 A/AA in both
// languages: dashboard, label catalog, template editor with a template open, backup.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extensionWorker, setUiLocale } from '../../scripts/browser';
import { expect, test } from './harness';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Finding {
  id: string;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

for (const locale of ['vi', 'en'] as const) {
  test(`options page, ${locale}: no WCAG 2.1 A/AA violations`, async ({ page, context }) => {
    // A conversation first, so the dashboard and the preview have a customer.
    await page.goto('https://chat.zalo.me/');
    await expect(page.getByTestId('kq-sidebar')).toHaveAttribute('data-state', 'view');
    await setUiLocale(context, locale);
    const { extensionId } = await extensionWorker(context);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByTestId('kq-opt-new-label').fill('Khách sỉ');
    await options.getByTestId('kq-opt-label-add').click();
    await expect(options.getByTestId('kq-opt-label')).toHaveCount(1);
    await options.getByTestId('kq-tpl-item').first().getByRole('button').click();
    await expect(options.getByTestId('kq-tpl-preview-text')).not.toBeEmpty();
    await expect(options.getByTestId('kq-dash-table')).toBeVisible();

    // The extension page's CSP refuses injected <script>s; DevTools evaluation is allowed.
    await options.evaluate(readFileSync(AXE, 'utf8'));
    const found = await options.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } })
        .axe;
      const r = (await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      })) as { violations: Finding[]; passes: Finding[] };
      return {
        violations: r.violations,
        contrastChecked: r.passes.find((p) => p.id === 'color-contrast')?.nodes.length ?? 0,
      };
    });
    const lines = found.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${v.help} at ${JSON.stringify(n.target)} ${n.failureSummary}`),
    );
    expect(lines).toEqual([]);
    expect(found.contrastChecked).toBeGreaterThan(30);
  });
}
