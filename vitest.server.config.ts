// The team server's suite: node environment, no browser plugins. Runs on PGlite by
// default; with DATABASE_URL set, every test file gets its own fresh PostgreSQL database.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The extension's sync client (storage/) is tested here against the real server.
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['test/server/**/*.test.ts'],
    globalSetup: ['test/server/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
