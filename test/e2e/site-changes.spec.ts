// When the host site changes: the agent can copy a drift report that carries the page's
// shape but no customer data, and a newer selector pack published on the team server
// fixes the sidebar without a new extension release.
import { metaPack } from '../../content-scripts/meta/pack';
import { expect, putExtensionSetting, sidebar, test } from './harness';
import { connectExtension, startTeamServer } from './team-server';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';

test('a drift report names what is missing and carries no customer data', async ({ page }) => {
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await page.evaluate(() => window.__kqFixture.removeAnchor('header-name'));
  await page.evaluate(() => window.__kqFixture.switchTo(1));
  await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'degraded');
  await page.getByTestId('kq-drift-copy').click();
  const report = await page.getByTestId('kq-drift-report').inputValue();
  expect(report).toContain('headerName: MISSING');
  expect(report).toContain('[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"]');
  expect(report).toContain(`selector pack ${metaPack.version}`);
  // No names, message text, ids or phone numbers of any customer on the page.
  for (const secret of [
    'Trần Minh Khoa',
    'Nguyễn Thu Hà',
    '100071234508812',
    '0912 345 678',
    'ship',
    'mid.$',
  ]) {
    expect(report).not.toContain(secret);
  }
});

test('a newer selector pack from the team server repairs a changed site without a release', async ({
  page,
  context,
}) => {
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  // The site renames the header's name class (what the replica does for this anchor).
  await page.evaluate(() => window.__kqFixture.removeAnchor('header-name'));
  await page.evaluate(() => window.__kqFixture.switchTo(1));
  await expect(page.getByTestId('kq-health')).toContainText('header-name');

  // The server ships a pack that knows the new class; the background stores it.
  const fixed = structuredClone(metaPack);
  fixed.version = '2026.12.01';
  fixed.anchors.headerName = [
    {
      css: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] .x1xmf6yo',
      serves: 'bizweb after the rename',
    },
    ...(fixed.anchors.headerName ?? []),
  ];
  // A manager publishes it on the team server; the extension fetches it when it syncs.
  const server = await startTeamServer();
  try {
    const res = await fetch(`${server.url}/v1/selector-packs/meta`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${server.tokens.manager}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(fixed),
    });
    expect(res.status).toBe(201);
    const options = await connectExtension(context, server, server.tokens.agent);
    await expect(options.getByTestId('kq-sync')).toHaveAttribute('data-sync-state', 'synced');

    await page.reload();
    await page.evaluate(() => window.__kqFixture.removeAnchor('header-name'));
    await page.evaluate(() => window.__kqFixture.switchTo(1));
    await expect(page.getByTestId('kq-name')).toHaveText('Trần Minh Khoa');
    await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'ok');
  } finally {
    await server.stop();
  }
});

test('a served pack that fails validation is ignored; the bundled one keeps working', async ({
  page,
  context,
}) => {
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  const broken = {
    ...structuredClone(metaPack),
    version: '2027.01.01',
    anchors: { headerName: [{ css: 'div[[', serves: 'x' }] },
  };
  await putExtensionSetting(context, 'selectorPack:meta', broken);
  await page.reload();
  await expect(page.getByTestId('kq-name')).toHaveText('Nguyễn Thu Hà');
  await expect(page.getByTestId('kq-health')).toHaveAttribute('data-health', 'ok');
});
