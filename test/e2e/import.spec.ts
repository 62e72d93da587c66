import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { detectHeader } from '../../core/import/headers';
import { planImport } from '../../core/import/plan';
import { extensionWorker } from '../../scripts/browser';
import { countRows, expect, sidebar, test } from './harness';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
const ZALO_URL = 'https://chat.zalo.me/';

function planText(text: string) {
  const rows = Papa.parse<string[]>(text).data;
  const header = detectHeader(rows);
  if (!header) throw new Error('no header row');
  return planImport(rows, header.row, header.mapping);
}

/**
 * The samples' orders are dated November 2026; move them to the month of 20 days ago so
 * their customer is never `lapsed` (90 days without an order) whenever this runs. Only
 * ASCII bytes change, so the file's encoding (UTF-8, Windows-1258) is kept as it is.
 */
function recent(name: string, mimeType = 'text/csv') {
  const d = new Date(Date.now() - 20 * 86_400_000);
  const mmYyyy = `/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  const bytes = readFileSync(path.join(FIXTURES, name)).toString('latin1');
  return { name, mimeType, buffer: Buffer.from(bytes.replaceAll('/11/2026', mmYyyy), 'latin1') };
}

test('a Sapo-style and a KiotViet-style export are imported with their bad rows reported; the Zalo customer from the files is a customer with those orders', async ({
  page,
  context,
}) => {
  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const file = options.getByTestId('kq-import-file');

  // Sapo: UTF-8 with BOM, commas, two title rows, order fields repeated on each line.
  await file.setInputFiles(recent('sapo-orders.csv'));
  const preview = options.getByTestId('kq-import-preview');
  await expect(preview).toContainText('Dòng tiêu đề: 3');
  await expect(preview.getByTestId('kq-import-map').nth(3)).toHaveValue('phone');
  await options.getByTestId('kq-import-start').click();
  const summary = options.getByTestId('kq-import-summary');
  await expect(summary).toHaveAttribute('data-accepted', '6');
  await expect(summary).toHaveAttribute('data-rejected', '3');
  await expect(summary).toHaveAttribute('data-customers', '3');
  await expect(options.getByTestId('kq-import-rejected')).toHaveText([
    'dòng 7: thiếu số điện thoại và email',
    'dòng 8: ngày không đọc được "31/13/2026 08:00"',
    'dòng 9: số tiền không đọc được "một triệu"',
  ]);
  const download = options.waitForEvent('download');
  await options.getByTestId('kq-import-download').click();
  const report = readFileSync(await (await download).path(), 'utf8');
  expect(report).toContain('7,thiếu số điện thoại và email,SON1003');
  expect(report.trim().split(/\r?\n/)).toHaveLength(4);

  // KiotViet: Windows-1258, semicolons, an order's fields only on its first line; the
  // first invoice's phone lost its leading 0 and belongs to the Sapo file's Chị Lan Phương.
  await file.setInputFiles(recent('kiotviet-invoices.csv'));
  await expect(options.getByTestId('kq-import-preview')).toContainText('windows-1258');
  await expect(options.getByTestId('kq-import-preview')).toContainText('Chị Lan Phương');
  await options.getByTestId('kq-import-start').click();
  await expect(summary).toHaveAttribute('data-accepted', '3');
  await expect(summary).toHaveAttribute('data-rejected', '3');
  await expect(summary).toHaveAttribute('data-customers', '4');
  await expect(options.getByTestId('kq-import-rejected')).toHaveText([
    'dòng 5: thiếu số điện thoại và email',
    'dòng 6: ngày không đọc được "hôm qua"',
    'dòng 7: số tiền không đọc được "abc"',
  ]);

  // The Zalo thread where Chị Lan Phương writes "SĐT mình 0912 345 678": linked by that
  // number to the imported customer, who has three orders across the two files.
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'customer');
  await expect(page.locator('[data-testid="kq-history-entry"][data-kind="order"]')).toHaveCount(3);
});

test('an inbox tab already open on the customer turns to `customer` when the import finishes', async ({
  page,
  context,
}) => {
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(page.getByTestId('kq-badge')).not.toHaveAttribute('data-status', 'customer');

  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('kq-import-file').setInputFiles(recent('kiotviet-invoices.csv'));
  await options.getByTestId('kq-import-start').click();
  // The thread's customer already carries 0912 345 678 (they wrote it): matched, not duplicated.
  await expect(options.getByTestId('kq-import-summary')).toHaveAttribute('data-customers', '2');
  await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'customer');
  await expect(page.locator('[data-testid="kq-history-entry"][data-kind="order"]')).toHaveCount(1);
});

test('an .xlsx export is read in the built extension (serial dates, phones stored as numbers)', async ({
  context,
}) => {
  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options
    .getByTestId('kq-import-file')
    .setInputFiles(path.join(FIXTURES, 'kiotviet-invoices.xlsx'));
  await expect(options.getByTestId('kq-import-preview')).toContainText('XLSX');
  await options.getByTestId('kq-import-start').click();
  const summary = options.getByTestId('kq-import-summary');
  await expect(summary).toHaveAttribute('data-accepted', '2');
  await expect(summary).toHaveAttribute('data-rejected', '2');
  await expect(summary).toHaveAttribute('data-customers', '2');
  await expect(options.getByTestId('kq-import-rejected')).toHaveText([
    'dòng 5: ngày không đọc được "ngày mai"',
    'dòng 6: thiếu số điện thoại và email',
  ]);
});

test('a stopped import says what was saved, and choosing the same file again goes on from there', async ({
  context,
}) => {
  const { makeExport } = await import('../../bench/import');
  // Large enough that several batches remain when the first one is reported.
  const text = makeExport(30_000);
  const big = { name: 'sapo-30k.csv', mimeType: 'text/csv', buffer: Buffer.from(text) };
  // What a whole import of it gives, planned here independently of the page.
  const expected = planText(text.slice(1));
  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('kq-import-file').setInputFiles(big);
  await options.getByTestId('kq-import-start').click();
  await expect(options.getByTestId('kq-import-progress')).toContainText('dòng/giây');
  await options.getByTestId('kq-import-cancel').click();
  const stopped = options.getByTestId('kq-import-cancelled');
  await expect(stopped).toContainText('Đã dừng');
  await expect(options.getByTestId('kq-import-undo')).toBeVisible();

  await options.getByTestId('kq-import-file').setInputFiles(big);
  await options.getByTestId('kq-import-resume').click();
  const summary = options.getByTestId('kq-import-summary');
  await expect(summary).toHaveAttribute('data-customers', String(expected.customers.length), {
    timeout: 60_000,
  });
  await expect(summary).toHaveAttribute('data-accepted', String(expected.accepted));
  await expect(summary).toHaveAttribute('data-orders', String(expected.orders));
  await expect(options.getByTestId('kq-import-unfinished')).toHaveCount(0);
});

test('a stopped import is undone: nothing it wrote is left', async ({ context }) => {
  const { makeExport } = await import('../../bench/import');
  const big = {
    name: 'sapo-30k.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(makeExport(30_000)),
  };
  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('kq-import-file').setInputFiles(big);
  await options.getByTestId('kq-import-start').click();
  await expect(options.getByTestId('kq-import-progress')).toContainText('dòng/giây');
  await options.getByTestId('kq-import-cancel').click();
  await expect(options.getByTestId('kq-import-cancelled')).toBeVisible();
  await options.getByTestId('kq-import-undo').click();
  await expect(options.getByTestId('kq-import-undone')).toContainText('0 khách hàng');
  const rows = await countRows(context);
  expect([rows.customers, rows.orders, rows.importBatches]).toEqual([0, 0, 0]);
});
