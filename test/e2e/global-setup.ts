// Builds what the e2e suite loads: the production extension (closed shadow root), copied
// aside for the test that proves page scripts cannot read it, then the e2e build (open
// shadow root) in WXT's default folder.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR, ROOT } from '../../scripts/browser';

export const PROD_EXTENSION_DIR = path.join(ROOT, '.output/prod-chrome-mv3');

export default function globalSetup() {
  const wxt = path.join(ROOT, 'node_modules/.bin/wxt');
  const run = (env: NodeJS.ProcessEnv) =>
    execFileSync(wxt, ['build', '-b', 'chrome'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
  run({ KQ_E2E: '0' });
  rmSync(PROD_EXTENSION_DIR, { recursive: true, force: true });
  cpSync(EXTENSION_DIR, PROD_EXTENSION_DIR, { recursive: true });
  run({ KQ_E2E: '1' });
}
