import { defineConfig } from '@playwright/test';

// Each test launches its own Chromium with the built extension (see test/e2e/harness.ts).
// One worker: the machine has two cores and Chromium wants both.
export default defineConfig({
  testDir: './test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  globalSetup: './test/e2e/global-setup.ts',
  use: { trace: 'retain-on-failure' },
});
