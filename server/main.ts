// `npm run server` — the team server. PostgreSQL when DATABASE_URL is set, otherwise
// embedded PGlite in --data (default ./.data/server). PORT (default 8787), HOST.
import { serverConfig } from './config';
import { createPgDb } from './db/index';
import { DataDirBusyError } from './lock';
import { jsonLogger } from './log';
import { openDatabase, startServer } from './runtime';

async function main(): Promise<void> {
  const cfg = serverConfig(process.argv.slice(2));
  const log = jsonLogger(cfg.logLevel);
  const opened = await openDatabase(cfg, 'the team server');
  if (cfg.databaseReadUrl && !cfg.databaseUrl)
    throw new Error('DATABASE_READ_URL needs DATABASE_URL');
  const readDb = cfg.databaseReadUrl ? createPgDb(cfg.databaseReadUrl) : undefined;
  const server = await startServer(opened.db, {
    readDb,
    port: cfg.port,
    host: cfg.host,
    logger: log,
    corsOrigins: cfg.corsOrigins,
    bodyLimitBytes: cfg.bodyLimitBytes,
    rateLimit: cfg.rateLimit,
  });
  log('info', 'listening', {
    url: server.url,
    engine: opened.db.kind,
    data: cfg.databaseUrl ? undefined : cfg.dataDir,
    pid: process.pid,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down', { signal });
    await server.close(10_000);
    await readDb?.close();
    await opened.close();
    log('info', 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof DataDirBusyError) {
    process.stderr.write(`khach-quen server: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `khach-quen server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
