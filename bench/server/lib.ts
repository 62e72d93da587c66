// Helpers for the server benchmarks: seeding, a bounded keep-alive load generator over
// node:http, an SSE client, and percentiles. Loopback only.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { packHlc } from '../../core/sync/hlc';
import type { SyncRow, TableName } from '../../core/sync/state';
import type { Db } from '../../server/db/index';
import { saveRows } from '../../server/db/rows';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function summary(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s[s.length - 1] ?? Number.NaN),
  };
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const GIVEN = [
  'Lan',
  'Minh',
  'Hoa',
  'Tú',
  'Bống',
  'Na',
  'Hùng',
  'Thảo',
  'Vy',
  'Khoa',
  'Ngọc',
  'Phúc',
];
const PLATFORMS = ['messenger', 'instagram', 'zalo'] as const;

export interface Seeded {
  customers: number;
  identities: number;
  /** A sample of identity keys and phones to look up. */
  keys: { platform: string; accountId: string; externalId: string }[];
  phones: string[];
  seconds: number;
}

/** 100k customers with 3 identities each (300k), a few labels, notes and assignments. */
export async function seedTeam(db: Db, teamId: string, customers = 100_000): Promise<Seeded> {
  const started = performance.now();
  const stamp = packHlc({ ms: Date.parse('2026-11-01T00:00:00Z'), counter: 0, node: 'seed' });
  const keys: Seeded['keys'] = [];
  const phones: string[] = [];
  const batch = 5_000;
  let identities = 0;
  const put = (t: TableName, rows: SyncRow[]) =>
    saveRows(
      db,
      teamId,
      t,
      rows.map((row) => ({ row, seq: 0 })),
    );
  const clocks = (f: Record<string, unknown>) =>
    Object.fromEntries(Object.keys(f).map((k) => [k, stamp]));
  for (let start = 0; start < customers; start += batch) {
    const cs: SyncRow[] = [];
    const is: SyncRow[] = [];
    for (let i = start; i < Math.min(customers, start + batch); i++) {
      const id = randomUUID();
      const phone = `+849${String(10_000_000 + i).padStart(8, '0')}`;
      const name = `${FAMILY[i % FAMILY.length]} ${GIVEN[(i * 7) % GIVEN.length]} ${i}`;
      const first = Date.parse('2025-01-01T00:00:00Z') + (i % 600) * 86_400_000;
      const cf = {
        displayName: name,
        phones: [phone],
        emails: [],
        firstSeenAt: first,
        firstSeenPlatform: 'zalo',
        lastSeenAt: first + 86_400_000,
      };
      cs.push({ id, f: cf, c: clocks({ displayName: 1, phones: 1, emails: 1 }) });
      for (const [k, platform] of PLATFORMS.entries()) {
        const accountId = platform === 'zalo' ? 'oa-1' : `page-${k}`;
        const externalId = `${platform[0]}${String(i * 3 + k).padStart(12, '0')}`;
        const f = {
          customerId: id,
          platform,
          accountId,
          externalId,
          idConfidence: 'strong',
          displayName: name,
          firstSeenAt: first,
          lastSeenAt: first + 86_400_000,
        };
        is.push({
          id: randomUUID(),
          f,
          c: clocks({
            customerId: 1,
            platform: 1,
            accountId: 1,
            externalId: 1,
            idConfidence: 1,
            displayName: 1,
          }),
        });
        if (i % 97 === 0) keys.push({ platform, accountId, externalId });
      }
      if (i % 97 === 0) phones.push(`0${phone.slice(3)}`);
    }
    await put('customers', cs);
    await put('identities', is);
    identities += is.length;
  }
  return { customers, identities, keys, phones, seconds: (performance.now() - started) / 1000 };
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  latencyMs: ReturnType<typeof summary>;
  statuses: Record<string, number>;
}

/** `connections` keep-alive sockets, each sending requests back to back for `seconds`. */
export async function load(opts: {
  url: string;
  connections: number;
  seconds: number;
  path: (i: number) => string;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const u = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let i = 0;
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const one = (path: string) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        { host: u.hostname, port: u.port, path, method: 'GET', agent, headers: opts.headers },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end();
    });
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await one(opts.path(i++));
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== 200) errors++;
      }
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    seconds: Math.round(seconds * 100) / 100,
    rps: Math.round(latencies.length / seconds),
    latencyMs: summary(latencies),
    statuses,
  };
}

/** A minimal SSE client over node:http; calls onEvent(name, data) for each event. */
export function sse(url: string, token: string, onEvent: (event: string, data: string) => void) {
  const u = new URL(url);
  let buf = '';
  const req = http.request({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
  });
  const ready = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      if (res.statusCode !== 200) reject(new Error(`SSE status ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (event === 'ready') resolve();
          onEvent(event, data);
          i = buf.indexOf('\n\n');
        }
      });
    });
    req.on('error', reject);
  });
  req.end();
  return { ready, close: () => req.destroy() };
}

export async function json<T>(
  url: string,
  token: string,
  method = 'GET',
  body?: unknown,
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
