// One small interface over the two engines: node-postgres (DATABASE_URL) and PGlite
// (embedded, a data folder). Everything above this file is engine-agnostic.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PglitePrepared, type PreparedStatement } from './pglite-prepared';

export type SqlRow = Record<string, unknown>;
export type { PreparedStatement };

/**
 * A statement on a hot path, kept prepared per connection: parsed and planned once instead
 * of on every request. Names are global: one name, one SQL text.
 */
export function prepared(name: string, text: string): PreparedStatement {
  return { name, text };
}

export interface Queryable {
  query<T = SqlRow>(sql: string | PreparedStatement, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; returns the unsubscribe function. */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// ---- PostgreSQL (node-postgres pool) ------------------------------------------------

/** node-postgres prepares a named statement on each connection the first time it runs there. */
function asPgQuery(sql: string | PreparedStatement, params?: unknown[]): pg.QueryConfig {
  return typeof sql === 'string'
    ? { text: sql, values: params }
    : { name: sql.name, text: sql.text, values: params };
}

export function createPgDb(connectionString: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    application_name: 'khach-quen',
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const listeners = new Set<pg.Client>();
  let closed = false;

  return {
    kind: 'postgres',
    async query<T>(sql: string | PreparedStatement, params?: unknown[]) {
      const r = await pool.query(asPgQuery(sql, params));
      return r.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const client = await pool.connect();
      const q: Queryable = {
        async query<R>(sql: string | PreparedStatement, params?: unknown[]) {
          return (await client.query(asPgQuery(sql, params))).rows as R[];
        },
        async exec(sql: string) {
          await client.query(sql);
        },
      };
      try {
        await client.query('BEGIN');
        const out = await fn(q);
        await client.query('COMMIT');
        client.release();
        return out;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch {
          client.release(true);
        }
        throw e;
      }
    },
    async listen(channel, onPayload, onReconnect) {
      let client: pg.Client | undefined;
      let stopped = false;
      // Connection lost (server restart, failover, terminated backend): reconnect with a
      // back-off, then tell subscribers they may have missed notifications.
      const scheduleRetry = (ms: number) => {
        setTimeout(() => {
          if (stopped || closed) return;
          connect().then(
            () => onReconnect?.(),
            () => scheduleRetry(1000),
          );
        }, ms).unref();
      };
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString, application_name: 'khach-quen-listen' });
        let lost = false;
        const onLost = () => {
          if (lost) return;
          lost = true;
          listeners.delete(c);
          c.end().catch(() => {});
          if (client === c && !stopped && !closed) scheduleRetry(200);
        };
        c.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
        });
        c.on('error', onLost);
        c.on('end', onLost);
        try {
          await c.connect();
          await c.query(`LISTEN "${channel.replace(/"/g, '')}"`);
        } catch (e) {
          lost = true;
          c.end().catch(() => {});
          throw e;
        }
        listeners.add(c);
        client = c;
      };
      await connect();
      return async () => {
        stopped = true;
        if (client) {
          listeners.delete(client);
          await client.end().catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

// ---- PGlite (embedded) ---------------------------------------------------------------

export function wrapPglite(pgl: PGlite): Db {
  const prep = new PglitePrepared(pgl);
  return {
    kind: 'pglite',
    async query<T>(sql: string | PreparedStatement, params?: unknown[]) {
      if (typeof sql !== 'string') return prep.query<T>(sql, params);
      return (await pgl.query<T>(sql, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await pgl.exec(sql);
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      return pgl.transaction(async (t) =>
        fn({
          // Inside a transaction the plain path (the transaction already holds the lock).
          async query<R>(sql: string | PreparedStatement, params?: unknown[]) {
            const text = typeof sql === 'string' ? sql : sql.text;
            return (await t.query<R>(text, params as unknown[])).rows;
          },
          async exec(sql: string) {
            await t.exec(sql);
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      const unlisten = await pgl.listen(channel, onPayload);
      return async () => {
        if (!pgl.closed) await unlisten();
      };
    },
    async close() {
      if (!pgl.closed) await pgl.close();
    },
  };
}

export async function createPgliteDb(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  const pgl = await PGlite.create({ dataDir, loadDataDir });
  return wrapPglite(pgl);
}
