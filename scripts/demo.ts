// The demo behind `npm start`: Chromium with the built extension on the Meta Business
// Suite and Zalo Web replicas. With a display it stays open for you to click around;
// without one it saves screenshots and prints where.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { countRows, launchWithExtension, ROOT, serveReplicas } from './browser';
import { submitConnectForm } from './team-server';

const DEMO_PAGES = [
  {
    name: 'meta-business-suite',
    url: 'https://business.facebook.com/latest/inbox/all?asset_id=111111111111111&mailbox_id=111111111111111',
  },
  { name: 'zalo-web', url: 'https://chat.zalo.me/' },
];

async function main() {
  const headed = Boolean(process.env.DISPLAY) && process.env.KQ_HEADLESS !== '1';
  const outDir = path.join(ROOT, 'artifacts');
  mkdirSync(outDir, { recursive: true });
  const context = await launchWithExtension({
    userDataDir: mkdtempSync(path.join(tmpdir(), 'kq-demo-')),
    headless: !headed,
    viewport: { width: 1440, height: 900 },
  });
  await serveReplicas(context);

  const shots: string[] = [];
  const options = await connectToTeam(context);
  if (options) {
    const file = path.join(outDir, 'demo-options.png');
    await options.screenshot({ path: file, fullPage: true });
    shots.push(file);
  }
  for (const [i, demo] of DEMO_PAGES.entries()) {
    const page =
      i === 0 ? (context.pages()[0] ?? (await context.newPage())) : await context.newPage();
    await page.goto(demo.url);
    // The production sidebar lives in a closed shadow root; wait until the background has
    // recorded the open conversation, then give the sidebar a moment to paint.
    const until = Date.now() + 10_000;
    while (((await countRows(context)).customers ?? 0) < i + 1 && Date.now() < until)
      await page.waitForTimeout(100);
    await page.waitForTimeout(300);
    const file = path.join(outDir, `demo-${demo.name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  }
  console.log('Khách Quen demo: screenshots saved to');
  for (const file of shots) console.log(`  ${file}`);
  if (headed) {
    console.log('Chromium is open on both inbox replicas. Close the window to stop.');
    await new Promise<void>((resolve) => context.on('close', () => resolve()));
  } else {
    await context.close();
  }
}

/**
 * With `npm start`'s team server: connect the extension as the demo team's owner through the
 * options page, and give the catalog two labels to play with.
 */
async function connectToTeam(context: BrowserContext) {
  const url = process.env.KQ_SERVER_URL;
  const teamFile = process.env.KQ_TEAM_FILE;
  if (!url || !teamFile || !existsSync(teamFile)) return null;
  const { token } = JSON.parse(readFileSync(teamFile, 'utf8')) as { token: string };
  const page = await submitConnectForm(context, url, token);
  await page.getByTestId('kq-opt-me').waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  if ((await page.getByTestId('kq-opt-label').count()) === 0) {
    for (const name of ['Khách sỉ', 'Hay hỏi giá']) {
      await page.getByTestId('kq-opt-new-label').fill(name);
      await page.getByTestId('kq-opt-label-add').click();
      await page
        .getByTestId('kq-opt-label')
        .filter({ has: page.locator(`[value="${name}"]`) })
        .waitFor();
    }
  }
  return page;
}

main().catch((error) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
