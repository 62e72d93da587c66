// Test harness: a fresh database per test file (PGlite from the migrated template, or a new
// PostgreSQL database when DATABASE_URL is set), app instances on it, and a small client.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import type { Role } from '../../core/api/schemas';
import { type AppOptions, createApp } from '../../server/app';
import { createMember, createTeam } from '../../server/auth';
import { createPgDb, createPgliteDb, type Db } from '../../server/db/index';
import { migrate } from '../../server/db/migrations';
import { silentLogger } from '../../server/log';
import { RealtimeHub } from '../../server/realtime';

export const PG_URL = process.env.DATABASE_URL || undefined;
export const ENGINE = PG_URL ? 'postgres' : 'pglite';

export interface TestDb {
  db: Db;
  /** A second, independent connection to the same database (a second server instance). */
  connectAgain(): Promise<Db>;
  /** Connection string of this database (PostgreSQL only). */
  url?: string;
  close(): Promise<void>;
}

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function openTestDb(): Promise<TestDb> {
  if (PG_URL) {
    const name = `kq_test_${randomBytes(6).toString('hex')}`;
    const admin = createPgDb(PG_URL, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = withDb(PG_URL, name);
    const db = createPgDb(url);
    await migrate(db);
    const extra: Db[] = [];
    return {
      db,
      url,
      async connectAgain() {
        const again = createPgDb(url);
        extra.push(again);
        return again;
      },
      async close() {
        await Promise.all(extra.map((d) => d.close()));
        await db.close();
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  const file = inject('pgliteTemplate');
  const db = await createPgliteDb(undefined, new Blob([fs.readFileSync(file)]));
  return {
    db,
    // PGlite lives in this process: a second instance shares the engine (and its NOTIFY).
    connectAgain: async () => ({ ...db, close: async () => {} }),
    close: () => db.close(),
  };
}

export interface Instance {
  app: ReturnType<typeof createApp>;
  hub: RealtimeHub;
  stop(): Promise<void>;
}

export async function instance(db: Db, opts: Partial<AppOptions> = {}): Promise<Instance> {
  const hub = new RealtimeHub(db, silentLogger);
  await hub.start();
  const app = createApp({ db, hub, sseHeartbeatMs: 60_000, ...opts });
  return { app, hub, stop: () => hub.stop() };
}

export interface Team {
  teamId: string;
  owner: string;
  manager: string;
  agent: string;
  agent2: string;
  ids: Record<'owner' | 'manager' | 'agent' | 'agent2', string>;
}

export async function makeTeam(db: Db, name = 'Shop'): Promise<Team> {
  const t = await createTeam(db, name, `${name} owner`);
  const add = (n: string, role: Role) => db.tx((q) => createMember(q, t.teamId, n, role));
  const manager = await add(`${name} manager`, 'manager');
  const agent = await add(`${name} agent`, 'agent');
  const agent2 = await add(`${name} agent 2`, 'agent');
  return {
    teamId: t.teamId,
    owner: t.token,
    manager: manager.token,
    agent: agent.token,
    agent2: agent2.token,
    ids: {
      owner: t.memberId,
      manager: manager.memberId,
      agent: agent.memberId,
      agent2: agent2.memberId,
    },
  };
}

/** Test responses are loosely typed JSON. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies in assertions
export type Json = any;

export interface Res<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON client over app.request (no sockets). */
export function client(app: Instance['app'], token?: string) {
  const call = async <T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const h: Record<string, string> = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers } as Res<T>;
  };
  return {
    get: <T = Json>(path: string, headers?: Record<string, string>) =>
      call<T>('GET', path, undefined, headers),
    post: <T = Json>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    put: <T = Json>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PUT', path, body, headers),
    patch: <T = Json>(path: string, body?: unknown) => call<T>('PATCH', path, body),
    delete: <T = Json>(path: string) => call<T>('DELETE', path),
    call,
  };
}
export type Client = ReturnType<typeof client>;

export interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/** Reads an SSE body in the background; `events` fills as they arrive. */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const events: SseEvent[] = [];
  const reader = body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  let ended = false;
  const waiters = new Set<() => void>();
  (async () => {
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        buf += dec.decode(r.value, { stream: true });
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = { event: 'message', data: '', at: performance.now() };
          let any = false;
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) {
              ev.event = line.slice(6).trim();
              any = true;
            } else if (line.startsWith('data:')) {
              ev.data += line.slice(5).trim();
              any = true;
            }
          }
          if (any) events.push(ev);
          i = buf.indexOf('\n\n');
        }
        for (const w of waiters) w();
      }
    } catch {
      // cancelled
    } finally {
      ended = true;
      for (const w of waiters) w();
    }
  })();
  return {
    events,
    get ended() {
      return ended;
    },
    /** Resolves with the first event matching, or rejects after `ms`. */
    waitFor(pred: (e: SseEvent) => boolean, ms = 5_000): Promise<SseEvent> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          } else if (ended) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`stream ended; events: ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => reader.cancel().catch(() => {}),
  };
}
