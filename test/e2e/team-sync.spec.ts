// Two agents' browsers, each with the extension, linked to one team server (a real server
// process on PGlite): what the manager does in one shows in the other's open sidebar
// without a reload, and the sidebar says when the server is gone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchWithExtension, serveReplicas } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';
import { connectExtension, startTeamServer } from './team-server';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';

test.use({ actionTimeout: 15_000 });

test('a label the manager renames and assigns shows in the other agent’s open sidebar', async ({
  context,
  page,
}) => {
  test.setTimeout(120_000);
  const profileB = await mkdtemp(path.join(tmpdir(), 'kq-profile-b-'));
  const server = await startTeamServer();
  const contextB = await launchWithExtension({ userDataDir: profileB });
  try {
    await serveReplicas(contextB);

    // A is the manager: connects and creates the label in the options page.
    const optionsA = await connectExtension(context, server, server.tokens.manager);
    await expect(optionsA.getByTestId('kq-opt-me')).toContainText('Anh Tuấn');
    await expect(optionsA.getByTestId('kq-opt-me')).toContainText('quản lý');
    await optionsA.getByTestId('kq-opt-new-label').fill('Khách sỉ');
    await optionsA.getByTestId('kq-opt-label-add').click();
    await expect(optionsA.getByTestId('kq-opt-label-name')).toHaveValue('Khách sỉ');

    // B is an agent: sees the catalog read-only, and has Nguyễn Thu Hà's conversation open.
    const optionsB = await connectExtension(contextB, server, server.tokens.agent);
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
    await expect(sidebar(pageB).getByTestId('kq-label')).toHaveCount(0);
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
    await expect(sidebar(pageB).getByTestId('kq-label')).toHaveCount(0);
    await expect(sidebar(pageB).getByTestId('kq-sync')).toHaveAttribute(
      'data-sync-state',
      'offline',
      { timeout: 15_000 },
    );
    await expect(sidebar(pageB).getByTestId('kq-sync')).toContainText(/\d+ thay đổi chờ gửi/);
  } finally {
    await server.stop();
    await contextB.close();
    await rm(profileB, { recursive: true, force: true });
  }
});

test("a manager's shared reply template reaches an agent's suggestions; the agent cannot change it", async ({
  context,
}) => {
  test.setTimeout(120_000);
  const profileB = await mkdtemp(path.join(tmpdir(), 'kq-profile-b-'));
  const server = await startTeamServer();
  const contextB = await launchWithExtension({ userDataDir: profileB });
  try {
    await serveReplicas(contextB);
    // The manager writes a team template in the options page's template editor.
    const optionsA = await connectExtension(context, server, server.tokens.manager);
    await expect(optionsA.getByTestId('kq-opt-me')).toContainText('Anh Tuấn');
    await optionsA.getByTestId('kq-tpl-new').click();
    await optionsA.getByTestId('kq-tpl-shared').check();
    await optionsA.getByTestId('kq-tpl-title').fill('Ship hoả tốc nội thành (nhóm)');
    await optionsA
      .getByTestId('kq-tpl-body')
      .fill('Dạ {xung_ho} {ten_khach} ơi, shop có ship hoả tốc 2 giờ trong nội thành ạ.');
    await optionsA.locator('[data-testid="kq-tpl-intent"][value="ship"]').check();
    await optionsA.getByTestId('kq-tpl-save').click();
    await expect(
      optionsA.getByTestId('kq-tpl-item').filter({ hasText: 'Ship hoả tốc nội thành' }),
    ).toContainText('của nhóm');

    // The agent: the template arrives with the next pull, read-only in the editor…
    const optionsB = await connectExtension(contextB, server, server.tokens.agent);
    const shared = optionsB
      .getByTestId('kq-tpl-item')
      .filter({ hasText: 'Ship hoả tốc nội thành' });
    await expect(shared).toHaveCount(1, { timeout: 20_000 });
    await shared.getByRole('button').click();
    await expect(optionsB.getByTestId('kq-tpl-readonly')).toBeVisible();
    await expect(optionsB.getByTestId('kq-tpl-title')).toBeDisabled();
    await expect(optionsB.getByTestId('kq-tpl-save')).toBeHidden();

    // …and among the suggestions when a customer asks about shipping, filled for them.
    const pageB = contextB.pages()[0] ?? (await contextB.newPage());
    await pageB.goto(META_URL);
    await expect(sidebar(pageB)).toHaveAttribute('data-state', 'view');
    await pageB.evaluate(() => window.__kqFixture.appendIncoming('ship cod ko shop'));
    await pageB.getByTestId('kq-replies-more').click();
    await expect(
      pageB.getByTestId('kq-reply').filter({ hasText: 'ship hoả tốc 2 giờ' }),
    ).toContainText(/Hà ơi/);
  } finally {
    await contextB.close();
    await rm(profileB, { recursive: true, force: true });
    await server.stop();
  }
});

test('the owner invites a member from the options page, hands over the token, changes the role and removes them', async ({
  context,
}) => {
  test.setTimeout(90_000);
  const server = await startTeamServer();
  try {
    const options = await connectExtension(context, server, server.tokens.owner);
    await expect(options.getByTestId('kq-members')).toBeVisible();
    await options.getByTestId('kq-member-name').fill('Chị Hoa');
    await options.getByTestId('kq-member-invite').click();
    await expect(options.getByTestId('kq-member-token')).toContainText(/kq_/);
    const token = ((await options.getByTestId('kq-member-token').locator('code').textContent()) ??
      '') as string;
    const hoa = options.getByTestId('kq-member').filter({ hasText: 'Chị Hoa' });
    await expect(hoa).toHaveAttribute('data-role', 'agent');

    // The token works on the server as that member.
    const me = async () =>
      (
        await fetch(`${server.url}/v1/me`, { headers: { Authorization: `Bearer ${token}` } })
      ).json();
    expect(await me()).toMatchObject({ name: 'Chị Hoa', role: 'agent' });

    await hoa.getByTestId('kq-member-role').selectOption('manager');
    await expect(hoa).toHaveAttribute('data-role', 'manager');
    expect(await me()).toMatchObject({ role: 'manager' });

    options.once('dialog', (d) => void d.accept());
    await hoa.getByTestId('kq-member-remove').click();
    await expect(hoa).toHaveAttribute('data-revoked', 'true');
    const after = await fetch(`${server.url}/v1/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  } finally {
    await server.stop();
  }
});
