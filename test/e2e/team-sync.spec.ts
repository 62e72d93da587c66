// Two agents' browsers, each with the extension, linked to one team server (a real server
// process on PGlite): what the manager does in one shows in the other's open sidebar
// without a reload, and the sidebar says when the server is gone.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { extensionWorker, launchWithExtension, ROOT, serveReplicas } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';
const NODE_ARGS = ['--import', 'tsx'];

test.use({ actionTimeout: 15_000 });

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

function startServer(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    [...NODE_ARGS, 'server/main.ts', '--data', dataDir, '--port', '0'],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' } },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m?.[1]) resolve({ url: m[1], proc });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** Lets the extension reach the team server through the replicas' offline catch-all. */
async function allowServer(context: BrowserContext, url: string) {
  await context.route(`${url}/**`, (route) => route.continue());
}

async function connect(context: BrowserContext, url: string, token: string): Promise<Page> {
  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('kq-opt-url').fill(url);
  await options.getByTestId('kq-opt-token').fill(token);
  await options.getByTestId('kq-opt-connect').click();
  await expect(options.getByTestId('kq-opt-me')).toBeVisible();
  return options;
}

test('a label the manager renames and assigns shows in the other agent’s open sidebar', async ({
  context,
  page,
}) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kq-server-'));
  const profileB = await mkdtemp(path.join(tmpdir(), 'kq-profile-b-'));
  const team = JSON.parse(
    await run([
      'server/admin.ts',
      'team',
      'create',
      '--name',
      'Shop Hoa',
      '--owner',
      'Chị Mai',
      '--data',
      dataDir,
    ]),
  );
  const manager = JSON.parse(
    await run([
      'server/admin.ts',
      'token',
      'create',
      '--team',
      team.teamId,
      '--role',
      'manager',
      '--name',
      'Anh Tuấn',
      '--data',
      dataDir,
    ]),
  );
  const agent = JSON.parse(
    await run([
      'server/admin.ts',
      'token',
      'create',
      '--team',
      team.teamId,
      '--role',
      'agent',
      '--name',
      'Bé Ngân',
      '--data',
      dataDir,
    ]),
  );
  const server = await startServer(dataDir);
  const contextB = await launchWithExtension({ userDataDir: profileB });
  try {
    await serveReplicas(contextB);
    await allowServer(context, server.url);
    await allowServer(contextB, server.url);

    // A is the manager: connects and creates the label in the options page.
    const optionsA = await connect(context, server.url, manager.token);
    await expect(optionsA.getByTestId('kq-opt-me')).toContainText('Anh Tuấn');
    await expect(optionsA.getByTestId('kq-opt-me')).toContainText('quản lý');
    await optionsA.getByTestId('kq-opt-new-label').fill('Khách sỉ');
    await optionsA.getByTestId('kq-opt-label-add').click();
    await expect(optionsA.getByTestId('kq-opt-label-name')).toHaveValue('Khách sỉ');

    // B is an agent: sees the catalog read-only, and has Nguyễn Thu Hà's conversation open.
    const optionsB = await connect(contextB, server.url, agent.token);
    await expect(optionsB.getByTestId('kq-opt-label-name')).toHaveValue('Khách sỉ');
    await expect(optionsB.getByTestId('kq-opt-label-name')).toBeDisabled();
    const pageB = contextB.pages()[0] ?? (await contextB.newPage());
    await pageB.goto(META_URL);
    await expect(sidebar(pageB)).toHaveAttribute('data-state', 'view');
    await expect(sidebar(pageB).getByTestId('kq-name')).toHaveText('Nguyễn Thu Hà');
    await expect(sidebar(pageB).getByTestId('kq-sync')).toHaveAttribute(
      'data-sync-state',
      'synced',
    );
    await expect(sidebar(pageB).getByTestId('kq-label-chip')).toHaveCount(0);
    const customerB = await sidebar(pageB).getAttribute('data-customer-id');

    // A opens the same conversation: the team already knows this customer.
    await page.goto(META_URL);
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await expect(sidebar(page)).toHaveAttribute('data-customer-id', customerB ?? '');
    // Renames the label, then assigns it from the sidebar.
    await optionsA.getByTestId('kq-opt-label-name').fill('Khách sỉ Hà Nội');
    await optionsA.getByTestId('kq-opt-label-name').press('Enter');
    await optionsA.getByTestId('kq-opt-label-name').blur();
    await expect(optionsA.getByTestId('kq-opt-label-name')).toHaveValue('Khách sỉ Hà Nội');
    await expect(optionsA.getByTestId('kq-opt-labels')).toHaveAttribute('aria-busy', 'false');
    await page.bringToFront();
    await sidebar(page).getByTestId('kq-label-add').click();
    await sidebar(page)
      .getByTestId('kq-label-option')
      .filter({ hasText: 'Khách sỉ Hà Nội' })
      .click();
    await expect(sidebar(page).getByTestId('kq-label-name')).toHaveText(['Khách sỉ Hà Nội']);

    // B's sidebar follows without a reload.
    await expect(sidebar(pageB).getByTestId('kq-label-name')).toHaveText(['Khách sỉ Hà Nội'], {
      timeout: 15_000,
    });
    await expect(sidebar(pageB).getByTestId('kq-name')).toHaveText('Nguyễn Thu Hà');

    // The server goes away: B's sidebar says so, and its label edit waits, not lost.
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc.once('exit', r));
    await sidebar(pageB)
      .getByRole('button', { name: /Bỏ nhãn Khách sỉ Hà Nội/ })
      .click();
    await expect(sidebar(pageB).getByTestId('kq-label-chip')).toHaveCount(0);
    await expect(sidebar(pageB).getByTestId('kq-sync')).toHaveAttribute(
      'data-sync-state',
      'offline',
      { timeout: 15_000 },
    );
    await expect(sidebar(pageB).getByTestId('kq-sync')).toContainText(/\d+ thay đổi chờ gửi/);
  } finally {
    server.proc.kill('SIGKILL');
    await contextB.close();
    await rm(profileB, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});
