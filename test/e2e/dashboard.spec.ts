// The manager's dashboard and backup in real Chromium with the built extension: conversations
// opened on the replicas show up in today's row (table, chart and CSV), and a backup made in
// one profile restores into a fresh one with the same customers, labels and notes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import {
  DEFAULT_ROUTES,
  EXTENSION_DIR,
  extensionWorker,
  launchWithExtension,
  serveReplicas,
} from '../../scripts/browser';
import { expect, sidebar, test } from './harness';
import { connectExtension, startTeamServer } from './team-server';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';
const ZALO_URL = 'https://chat.zalo.me/';

async function openThread(page: Page, url: string, index: number, name: string) {
  if (page.url() !== url) await page.goto(url);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  if (index > 0) await page.evaluate((i) => window.__kqFixture.switchTo(i), index);
  await expect(page.getByTestId('kq-name')).toHaveText(name);
  return (await sidebar(page).getAttribute('data-customer-id')) as string;
}

async function openOptions(context: BrowserContext): Promise<Page> {
  const { extensionId } = await extensionWorker(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.getByTestId('kq-dash')).toBeVisible();
  return page;
}

interface Touchpoint {
  id: string;
  customerId: string;
  identityId: string;
  platform: string;
  day: string;
}

/** Copies a customer's Zalo touchpoint onto an earlier day, as if they had written then. */
async function addEarlierDay(context: BrowserContext, customerId: string, day: string) {
  const { worker } = await extensionWorker(context);
  await worker.evaluate(
    ({ customerId, day }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('khach-quen');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('touchpoints', 'readwrite');
          const store = tx.objectStore('touchpoints');
          const all = store.getAll();
          all.onsuccess = () => {
            const t = (all.result as Touchpoint[]).find(
              (r) => r.customerId === customerId && r.platform === 'zalo',
            );
            if (!t) return reject(new Error(`no touchpoint for ${customerId}`));
            store.put({ ...t, id: `${t.identityId}|${day}`, day });
          };
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { customerId, day },
  );
}

/** The browser's local day (the extension's day boundary), `YYYY-MM-DD`, `back` days ago. */
const localDay = (page: Page, back = 0) =>
  page.evaluate((back) => {
    const d = new Date(Date.now() - back * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, back);

test('the dashboard counts today’s new and returning conversations in the table, the chart and the CSV', async ({
  page,
  context,
}) => {
  // Zalo: Chị Lan Phương, then a new customer; Messenger: one more new one.
  const lan = await openThread(page, ZALO_URL, 0, 'Chị Lan Phương');
  await openThread(page, ZALO_URL, 1, 'Nguyễn Văn Hậu');
  await openThread(page, META_URL, 1, 'Trần Minh Khoa');
  // Lan Phương wrote three days ago too (on record): returning today.
  const today = await localDay(page);
  const earlier = await localDay(page, 3);
  await addEarlierDay(context, lan, earlier);

  const options = await openOptions(context);
  await expect(options.getByTestId('kq-dash-period')).toHaveValue('7d');
  const row = options.locator(`[data-testid="kq-dash-row"][data-day="${today}"]`);
  await expect(row).toHaveAttribute('data-new', '2');
  await expect(row).toHaveAttribute('data-returning', '1');
  await expect(row).toHaveAttribute('data-total', '3');
  const before = options.locator(`[data-testid="kq-dash-row"][data-day="${earlier}"]`);
  await expect(before).toHaveAttribute('data-new', '1');
  await expect(options.getByTestId('kq-dash-row')).toHaveCount(7);
  await expect(options.getByTestId('kq-dash-source')).toHaveAttribute('data-source', 'local');
  // dd/mm in Vietnamese.
  const [, mm, dd] = today.split('-');
  await expect(row.getByRole('rowheader')).toHaveText(`${dd}/${mm}`);
  // The chart is drawn (a canvas with the stacked bars and the new-share line).
  await expect(options.getByTestId('kq-dash-chart')).toHaveAttribute('data-drawn', 'true');
  await expect(options.getByTestId('kq-dash-chart').locator('canvas')).toHaveCount(1);
  // Zalo over the 7 days: Lan Phương on two days, Hậu on one. Messenger: Khoa, and Lan
  // Phương again (the Meta page opens on Nguyễn Thu Hà, linked to her by phone number).
  await expect(
    options.getByTestId('kq-dash-channels').locator('[data-platform="zalo"] td').first(),
  ).toHaveText('3');
  await expect(
    options.getByTestId('kq-dash-channels').locator('[data-platform="messenger"] td').first(),
  ).toHaveText('2');

  // Today only.
  await options.getByTestId('kq-dash-period').selectOption('today');
  await expect(options.getByTestId('kq-dash-row')).toHaveCount(1);
  await expect(row).toHaveAttribute('data-new', '2');

  // The CSV holds the same numbers.
  const [file] = await Promise.all([
    options.waitForEvent('download'),
    options.getByTestId('kq-dash-csv').click(),
  ]);
  const csv = await readFile((await file.path()) as string, 'utf8');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('day,conversations,new,returning,customer,vip,lapsed,new_share_pct');
  expect(lines[1]).toBe(`${today},3,2,1,0,0,0,66.7`);
});

test('a backup restores into a fresh profile with the same customers, labels and notes', async ({
  page,
  context,
}) => {
  await openThread(page, ZALO_URL, 0, 'Chị Lan Phương');
  await page.getByTestId('kq-label-add').click();
  await page.getByTestId('kq-label-filter').fill('Khách sỉ');
  await page.getByTestId('kq-label-create').click();
  await expect(page.getByTestId('kq-label').filter({ hasText: 'Khách sỉ' })).toHaveCount(1);
  await page.getByTestId('kq-note-input').fill('Giao giờ hành chính <b>thôi</b>');
  await page.getByTestId('kq-note-add').click();
  await expect(page.getByTestId('kq-note')).toHaveCount(1);
  const status = await page.getByTestId('kq-badge').getAttribute('data-status');
  await openThread(page, ZALO_URL, 1, 'Nguyễn Văn Hậu');

  const options = await openOptions(context);
  const [file] = await Promise.all([
    options.waitForEvent('download'),
    options.getByTestId('kq-backup-export').click(),
  ]);
  const backup = JSON.parse(await readFile((await file.path()) as string, 'utf8'));
  expect(backup).toMatchObject({ format: 'khach-quen-backup', version: 1 });
  expect(backup.tables.customers).toHaveLength(2);

  // The customers CSV too.
  const [csvFile] = await Promise.all([
    options.waitForEvent('download'),
    options.getByTestId('kq-backup-csv').click(),
  ]);
  const csv = await readFile((await csvFile.path()) as string, 'utf8');
  expect(csv).toContain('Chị Lan Phương');
  expect(csv).toContain('Khách sỉ');

  // A second, fresh profile.
  const dir = await mkdtemp(path.join(tmpdir(), 'kq-profile-'));
  const second = await launchWithExtension({ userDataDir: dir, extensionDir: EXTENSION_DIR });
  try {
    await serveReplicas(second, DEFAULT_ROUTES);
    const restore = await openOptions(second);
    restore.on('dialog', (d) => void d.accept());
    await restore.getByTestId('kq-backup-file').setInputFiles((await file.path()) as string);
    await restore.getByTestId('kq-backup-restore').click();
    await expect(restore.getByTestId('kq-backup-summary')).toHaveAttribute('data-ok', 'true');
    await expect(restore.getByTestId('kq-backup-summary')).toContainText(
      '2 khách, 1 ghi chú, 1 nhãn',
    );

    const inbox = await second.newPage();
    await openThread(inbox, ZALO_URL, 0, 'Chị Lan Phương');
    await expect(inbox.getByTestId('kq-badge')).toHaveAttribute('data-status', status as string);
    await expect(inbox.getByTestId('kq-label').filter({ hasText: 'Khách sỉ' })).toHaveCount(1);
    await expect(inbox.getByTestId('kq-note-text')).toHaveText('Giao giờ hành chính <b>thôi</b>');

    // A file of another kind is refused, and nothing changes.
    await restore.getByTestId('kq-backup-file').setInputFiles({
      name: 'other.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'something-else' })),
    });
    await restore.getByTestId('kq-backup-restore').click();
    await expect(restore.getByTestId('kq-backup-summary')).toHaveAttribute('data-ok', 'false');
    await expect(restore.getByTestId('kq-backup-summary')).toContainText('not a Khách Quen backup');
    await inbox.reload();
    await expect(inbox.getByTestId('kq-note-text')).toHaveText('Giao giờ hành chính <b>thôi</b>');
  } finally {
    await second.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('connected to a team server, the dashboard shows the team’s figures per agent', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const server = await startTeamServer();
  try {
    const options = await connectExtension(context, server, server.tokens.agent);
    await openThread(page, META_URL, 1, 'Trần Minh Khoa');
    await expect(sidebar(page).getByTestId('kq-sync')).toHaveAttribute('data-sync-state', 'synced');

    await options.reload();
    await expect(options.getByTestId('kq-dash-source')).toHaveAttribute('data-source', 'server');
    const agent = options.getByTestId('kq-dash-agents').getByRole('row', { name: /Bé Ngân/ });
    // The page opened on Nguyễn Thu Hà first, then Trần Minh Khoa: two new customers.
    await expect(agent.getByRole('cell')).toHaveText(['2', '0']);

    // The server gone: local numbers, and the page says why.
    await server.stop();
    await options.reload();
    await expect(options.getByTestId('kq-dash-source')).toHaveAttribute('data-source', 'local');
    await expect(options.getByTestId('kq-dash-source')).toContainText('máy chủ nhóm');
    const today = await localDay(page);
    await expect(
      options.locator(`[data-testid="kq-dash-row"][data-day="${today}"]`),
    ).toHaveAttribute('data-new', '2');
  } finally {
    await server.stop();
  }
});
