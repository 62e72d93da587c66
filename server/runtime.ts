// Opening the database (PostgreSQL via DATABASE_URL, else PGlite in a data folder) and
// running the HTTP server with graceful shutdown. Shared by main.ts, admin.ts, tests, benches.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app';
import { createPgDb, createPgliteDb, type Db } from './db/index';
import { migrate } from './db/migrations';
import { lockDataDir } from './lock';
import { type Logger, silentLogger } from './log';
import { RealtimeHub } from './realtime';

export interface DbConfig {
  databaseUrl?: string;
  dataDir: string;
}

export interface OpenedDb {
  db: Db;
  close(): Promise<void>;
}

/** Opens and migrates. On PGlite, holds the data-folder lock until close(). */
export async function openDatabase(cfg: DbConfig, holder: string): Promise<OpenedDb> {
  if (cfg.databaseUrl) {
    const db = createPgDb(cfg.databaseUrl);
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
    return { db, close: () => db.close() };
  }
  const dir = path.resolve(cfg.dataDir);
  const release = lockDataDir(dir, holder);
  try {
    const db = await createPgliteDb(path.join(dir, 'pg'));
    await migrate(db);
    return {
      db,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

export interface RunningServer {
  url: string;
  port: number;
  hub: RealtimeHub;
  /** Requests being handled right now (a response not yet produced). */
  readonly inflight: number;
  /** Graceful: stop accepting, end SSE streams, let in-flight requests finish. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startServer(
  db: Db,
  opts: Omit<AppOptions, 'db' | 'hub'> & { port?: number; host?: string; logger?: Logger },
): Promise<RunningServer> {
  const log = opts.logger ?? silentLogger;
  const hub = new RealtimeHub(db, log);
  await hub.start();
  const lifecycle = { draining: false };
  const app = createApp({ ...opts, db, hub, lifecycle });
  const inflight = new Set<Promise<unknown>>();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: (req, env) => {
          const p = Promise.resolve(app.fetch(req, env));
          inflight.add(p);
          p.finally(() => inflight.delete(p)).catch(() => {});
          return p;
        },
        port: opts.port ?? 8787,
        hostname: opts.host ?? '127.0.0.1',
      },
      () => resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    hub,
    get inflight() {
      return inflight.size;
    },
    close(timeoutMs = 10_000) {
      closing ??= (async () => {
        lifecycle.draining = true;
        const closed = new Promise<void>((r) => server.close(() => r()));
        await hub.stop();
        const http = server as unknown as {
          closeIdleConnections?: () => void;
          closeAllConnections?: () => void;
        };
        http.closeIdleConnections?.();
        const deadline = new Promise<'timeout'>((r) =>
          setTimeout(() => r('timeout'), timeoutMs).unref(),
        );
        await Promise.race([Promise.allSettled([...inflight]), deadline]);
        const idle = setInterval(() => http.closeIdleConnections?.(), 50);
        const r = await Promise.race([closed.then(() => 'closed' as const), deadline]);
        clearInterval(idle);
        if (r === 'timeout') http.closeAllConnections?.();
      })();
      return closing;
    },
  };
}
