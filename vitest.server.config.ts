// The team server's suite: node environment, no browser plugins. Runs on PGlite by
// default; with DATABASE_URL set, every test file gets its own fresh PostgreSQL database.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/server/**/*.test.ts'],
    globalSetup: ['test/server/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
