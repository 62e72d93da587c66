// Initial pull into a fresh extension: a team server on PGlite seeded with 100k customers
// and 300k identities; a new Chromium profile with the built extension connects from the
// options page; we time until every row is in its IndexedDB (target ≤ 10 s). The extension
// bootstraps from GET /v1/sync/snapshot, then follows the change log.
// Baselines, same browser and server: (1) the same snapshot pages fetched and parsed by the
// options page without storing anything (the floor network + JSON cost), (2) the server
// alone: the pages fetched from Node as text, with the server process's CPU time, and the
// old change-log pull's pages for comparison, (3) the IndexedDB floor: rows of the same
// shape written straight into object stores with the extension's indexes, no network.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { countRows, extensionWorker, launchWithExtension } from '../scripts/browser';
import { type ServerProcess, startServerProcess } from '../scripts/team-server';
import { createMember, createTeam } from '../server/auth';
import { createPgDb } from '../server/db/index';
import { openDatabase } from '../server/runtime';
import { fmt, machine, median, writeResults } from './lib';
import { seedTeam } from './server/lib';

const CUSTOMERS = Number(process.env.KQ_BENCH_CUSTOMERS ?? 100_000);
const ROUNDS = Number(process.env.KQ_BENCH_ROUNDS ?? 3);
/** The page size the extension asks for (storage/sync-bootstrap.ts SNAPSHOT_PAGE). */
const PAGE = 10_000;

/** CPU seconds (user + system) a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Every page fetched from Node as text: the server's part (and loopback), nothing parsed. */
async function serverAlone(url: string, token: string, pid: number, mode: 'snapshot' | 'pull') {
  const cpu0 = cpuSeconds(pid);
  const started = performance.now();
  let after: string | undefined;
  let bytes = 0;
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: String(mode === 'snapshot' ? PAGE : 5000) });
    if (after) q.set(mode === 'snapshot' ? 'after' : 'since', after);
    const res = await fetch(`${url}/v1/sync/${mode}?${q}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${mode} answered ${res.status}: ${text.slice(0, 200)}`);
    bytes += Buffer.byteLength(text);
    pages++;
    // The cursor and hasMore sit at the start of each page.
    const head = /"cursor":"([^"]*)","hasMore":(true|false)/.exec(text.slice(0, 600));
    if (!head) throw new Error('no cursor in the page');
    after = head[1];
    if (head[2] === 'false') break;
  }
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds(pid) - cpu0,
    megabytes: bytes / 1e6,
    pages,
  };
}

/**
 * The IndexedDB floor: as many rows as pulled, shaped like the extension's customer and
 * identity rows, put in the service worker into a scratch database with the same indexes,
 * 10k rows per transaction, in key order; no network, no JSON, no sync bookkeeping.
 */
async function idbFloor(context: BrowserContext, customers: number) {
  const { worker } = await extensionWorker(context);
  // A string, not a function: the bundler's helpers do not exist in the worker.
  return worker.evaluate(`(async (N) => {
    const name = 'kq-bench-floor';
    const db = await new Promise((res, rej) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        const c = d.createObjectStore('customers', { keyPath: 'id' });
        c.createIndex('nameKey', 'nameKey');
        c.createIndex('phones', 'phones', { multiEntry: true });
        c.createIndex('emails', 'emails', { multiEntry: true });
        const i = d.createObjectStore('identities', { keyPath: 'id' });
        i.createIndex('customerId', 'customerId');
        i.createIndex('[platform+accountId+externalId]', ['platform', 'accountId', 'externalId'], { unique: true });
        i.createIndex('[platform+externalId]', ['platform', 'externalId']);
      };
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    const cs = [];
    const is = [];
    for (let n = 0; n < N; n++) {
      const id = crypto.randomUUID();
      const name = 'Nguyễn Lan ' + n;
      cs.push({ id, displayName: name, nameKey: 'nguyen lan ' + n, phones: ['+849' + (10000000 + n)], emails: [], firstSeenAt: 1, firstSeenPlatform: 'zalo', lastSeenAt: 2, createdAt: 1, updatedAt: 3 });
      for (const p of ['messenger', 'instagram', 'zalo'])
        is.push({ id: crypto.randomUUID(), customerId: id, platform: p, accountId: 'page-1', externalId: p[0] + String(n * 3).padStart(12, '0'), idConfidence: 'strong', displayName: name, firstSeenAt: 1, lastSeenAt: 2 });
    }
    const byId = (a, b) => (a.id < b.id ? -1 : 1);
    cs.sort(byId);
    is.sort(byId);
    const write = (store, rows) => new Promise((res, rej) => {
      const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
      const os = tx.objectStore(store);
      for (const r of rows) os.put(r);
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    const started = performance.now();
    for (let i = 0; i < cs.length; i += 10000) await write('customers', cs.slice(i, i + 10000));
    const customersSeconds = (performance.now() - started) / 1000;
    for (let i = 0; i < is.length; i += 10000) await write('identities', is.slice(i, i + 10000));
    const seconds = (performance.now() - started) / 1000;
    db.close();
    await new Promise((res) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = () => res(); });
    return { seconds, customersSeconds, identitiesSeconds: seconds - customersSeconds };
  })(${customers})`) as Promise<{
    seconds: number;
    customersSeconds: number;
    identitiesSeconds: number;
  }>;
}

/** The pull's own cursor in the extension's database: a plain number once the snapshot ended. */
async function snapshotDone(worker: Worker): Promise<boolean> {
  return worker.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const req = indexedDB.open('khach-quen');
        req.onupgradeneeded = () => req.transaction?.abort();
        req.onerror = () => resolve(false);
        req.onsuccess = () => {
          const db = req.result;
          try {
            const get = db.transaction('settings').objectStore('settings').get('sync.cursor');
            get.onsuccess = () => {
              db.close();
              const v = get.result?.value;
              resolve(typeof v === 'string' && /^\d+$/.test(v));
            };
            get.onerror = () => {
              db.close();
              resolve(false);
            };
          } catch {
            db.close();
            resolve(false);
          }
        };
      }),
  );
}

async function baselineFetch(context: BrowserContext, url: string, token: string) {
  const { extensionId } = await extensionWorker(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const result = await page.evaluate(
    async ({ url, token, limit }) => {
      const started = performance.now();
      let after: string | undefined;
      let rows = 0;
      for (;;) {
        const q = new URLSearchParams({ limit: String(limit) });
        if (after) q.set('after', after);
        const res = await fetch(`${url}/v1/sync/snapshot?${q}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as {
          cursor: string;
          hasMore: boolean;
          tables: { rows: unknown[] }[];
        };
        for (const t of body.tables) rows += t.rows.length;
        after = body.cursor;
        if (!body.hasMore) break;
      }
      return { seconds: (performance.now() - started) / 1000, rows };
    },
    { url, token, limit: PAGE },
  );
  await page.close();
  return result;
}

async function extensionPull(context: BrowserContext, url: string, token: string) {
  const { worker, extensionId } = await extensionWorker(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('kq-opt-url').fill(url);
  await page.getByTestId('kq-opt-token').fill(token);
  const started = performance.now();
  await page.getByTestId('kq-opt-connect').click();
  while (!(await snapshotDone(worker))) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  await page.close();
  const counts = await countRows(context);
  return { seconds, counts };
}

/**
 * The same on PostgreSQL (when DATABASE_URL is set): a throwaway database seeded alike, a
 * server process on it; the server alone per round, the old change-log snapshot once, and
 * one extension round (the client side does not depend on the engine).
 */
async function postgresArm(base: string) {
  const name = `kq_bench_pull_${randomBytes(4).toString('hex')}`;
  const admin = createPgDb(base, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kq-bench-pull-pg-'));
  let server: ServerProcess | undefined;
  try {
    const opened = await openDatabase({ databaseUrl, dataDir }, 'the benchmark seeder');
    const team = await createTeam(opened.db, 'Bench shop', 'Chủ shop');
    const agent = await opened.db.tx((q) => createMember(q, team.teamId, 'NV', 'agent'));
    console.error(`postgres: seeding ${CUSTOMERS} customers…`);
    await seedTeam(opened.db, team.teamId, CUSTOMERS);
    await opened.db.exec('ANALYZE');
    await opened.close();
    process.env.DATABASE_URL = databaseUrl;
    try {
      server = await startServerProcess(dataDir);
    } finally {
      delete process.env.DATABASE_URL;
    }
    const pid = server.proc.pid as number;
    const alone: Awaited<ReturnType<typeof serverAlone>>[] = [];
    for (let round = 0; round < ROUNDS; round++)
      alone.push(await serverAlone(server.url, agent.token, pid, 'snapshot'));
    const old = await serverAlone(server.url, agent.token, pid, 'pull');
    const profile = mkdtempSync(path.join(os.tmpdir(), 'kq-bench-profile-'));
    const context = await launchWithExtension({ userDataDir: profile });
    let extension: number;
    try {
      extension = (await extensionPull(context, server.url, agent.token)).seconds;
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    const r = {
      serverAloneSeconds: median(alone.map((a) => a.seconds)),
      serverCpuSeconds: median(alone.map((a) => a.cpuSeconds)),
      runs: alone.map((a) => fmt(a.seconds, 2)),
      old,
      extension,
    };
    console.error(
      `postgres: server alone ${r.serverAloneSeconds.toFixed(2)} s (${r.serverCpuSeconds.toFixed(2)} s CPU), old ${old.seconds.toFixed(2)} s, into the extension ${extension.toFixed(2)} s`,
    );
    return r;
  } finally {
    server?.proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.close();
  }
}

export async function runSyncPullBenchmark(): Promise<void> {
  // PGlite first (the server process must not see DATABASE_URL), then PostgreSQL if set.
  const pgUrl = process.env.DATABASE_URL || undefined;
  delete process.env.DATABASE_URL;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kq-bench-pull-'));
  let server: ServerProcess | undefined;
  try {
    const opened = await openDatabase({ dataDir }, 'the benchmark seeder');
    const team = await createTeam(opened.db, 'Bench shop', 'Chủ shop');
    const agent = await opened.db.tx((q) => createMember(q, team.teamId, 'NV', 'agent'));
    console.error(`seeding ${CUSTOMERS} customers…`);
    const seeded = await seedTeam(opened.db, team.teamId, CUSTOMERS);
    await opened.db.exec('ANALYZE');
    await opened.close();
    server = await startServerProcess(dataDir);
    const loadBefore = os.loadavg()[0] ?? 0;

    const pid = server.proc.pid as number;
    const runs: {
      baseline: number;
      extension: number;
      server: number;
      serverCpu: number;
      rows: number;
      load: number;
      counts: Record<string, number>;
    }[] = [];
    let snapshotSize = { megabytes: 0, pages: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const alone = await serverAlone(server.url, agent.token, pid, 'snapshot');
      snapshotSize = alone;
      const profile = mkdtempSync(path.join(os.tmpdir(), 'kq-bench-profile-'));
      const context = await launchWithExtension({ userDataDir: profile });
      try {
        const base = await baselineFetch(context, server.url, agent.token);
        const load = os.loadavg()[0] ?? 0;
        const ext = await extensionPull(context, server.url, agent.token);
        runs.push({
          baseline: base.seconds,
          extension: ext.seconds,
          server: alone.seconds,
          serverCpu: alone.cpuSeconds,
          rows: base.rows,
          load,
          counts: ext.counts,
        });
        console.error(
          `round ${round + 1}: server alone ${alone.seconds.toFixed(2)} s (${alone.cpuSeconds.toFixed(2)} s CPU), fetch+parse ${base.seconds.toFixed(2)} s, into the extension ${ext.seconds.toFixed(2)} s, load ${load.toFixed(2)}`,
        );
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    // For comparison: the change-log pull's snapshot pages (what a fresh client used before).
    const old = await serverAlone(server.url, agent.token, pid, 'pull');
    console.error(
      `old pull, server alone: ${old.seconds.toFixed(2)} s, ${old.megabytes.toFixed(1)} MB`,
    );
    let floor: Awaited<ReturnType<typeof idbFloor>> | undefined;
    if (process.env.KQ_BENCH_FLOOR !== '0') {
      const profile = mkdtempSync(path.join(os.tmpdir(), 'kq-bench-profile-'));
      const context = await launchWithExtension({ userDataDir: profile });
      try {
        floor = await idbFloor(context, seeded.customers);
        console.error(`IndexedDB floor: ${floor.seconds.toFixed(2)} s`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    // The PGlite server's work is done: stop it before PostgreSQL's arm shares the cores.
    server.proc.kill('SIGTERM');
    const pg = pgUrl ? await postgresArm(pgUrl) : undefined;
    const loadAfter = os.loadavg()[0] ?? 0;
    const ext = median(runs.map((r) => r.extension));
    const base = median(runs.map((r) => r.baseline));
    const srv = median(runs.map((r) => r.server));
    const srvCpu = median(runs.map((r) => r.serverCpu));
    const last = runs.at(-1);
    const json = {
      machine: machine(),
      at: new Date().toISOString(),
      customers: seeded.customers,
      identities: seeded.identities,
      path: 'GET /v1/sync/snapshot (pages of 10k rows), then GET /v1/sync/pull?since=<seq>',
      rounds: runs.map((r) => ({
        ...r,
        baseline: fmt(r.baseline),
        extension: fmt(r.extension),
        server: fmt(r.server),
        serverCpu: fmt(r.serverCpu),
        load: fmt(r.load, 2),
      })),
      medianSeconds: fmt(ext),
      baselineMedianSeconds: fmt(base),
      serverAloneMedianSeconds: fmt(srv),
      serverCpuMedianSeconds: fmt(srvCpu),
      snapshot: { megabytes: fmt(snapshotSize.megabytes, 1), pages: snapshotSize.pages },
      oldChangeLogPull: {
        serverAloneSeconds: fmt(old.seconds),
        serverCpuSeconds: fmt(old.cpuSeconds),
        megabytes: fmt(old.megabytes, 1),
        pages: old.pages,
      },
      indexedDbFloor: floor
        ? {
            seconds: fmt(floor.seconds),
            customersSeconds: fmt(floor.customersSeconds),
            identitiesSeconds: fmt(floor.identitiesSeconds),
          }
        : null,
      postgres: pg
        ? {
            serverAloneMedianSeconds: fmt(pg.serverAloneSeconds),
            serverCpuMedianSeconds: fmt(pg.serverCpuSeconds),
            serverAloneRuns: pg.runs,
            oldChangeLogPull: {
              serverAloneSeconds: fmt(pg.old.seconds),
              serverCpuSeconds: fmt(pg.old.cpuSeconds),
              megabytes: fmt(pg.old.megabytes, 1),
            },
            extensionSeconds: fmt(pg.extension),
          }
        : null,
      ratio: fmt(ext / base, 2),
      loadAverage: { before: fmt(loadBefore, 2), after: fmt(loadAfter, 2) },
    };
    const md = `# Initial pull into a fresh extension

${machine()}. Run: ${json.at}. Team server on PGlite (child process), seeded with ${seeded.customers} customers and ${seeded.identities} identities; a fresh Chromium profile per round with the production build; the agent connects in the options page. The extension bootstraps from \`GET /v1/sync/snapshot\` (pages of ${PAGE} rows, written one transaction per page with its cursor, the next page in flight meanwhile), then continues with \`GET /v1/sync/pull?since=<seq>\`.

| measure | target | result |
| --- | --- | --- |
| connect → every row in IndexedDB, median of ${runs.length} (s) | ≤ 10 | ${ext <= 10 ? '✅' : '❌'} ${fmt(ext, 2)} (runs: ${runs.map((r) => fmt(r.extension, 2)).join(', ')}) |
| baseline: the same snapshot pages fetched + parsed in the options page, nothing stored (s) | — | ${fmt(base, 2)} (runs: ${runs.map((r) => fmt(r.baseline, 2)).join(', ')}) |
| ratio to baseline | — | ${fmt(ext / base, 2)}× |
| server alone: every snapshot page fetched from Node as text (s) / server process CPU (s) | — | ${fmt(srv, 2)} / ${fmt(srvCpu, 2)} (runs: ${runs.map((r) => fmt(r.server, 2)).join(', ')}) |
| snapshot size | — | ${fmt(snapshotSize.megabytes, 1)} MB in ${snapshotSize.pages} pages |
| before: the change-log pull's snapshot, server alone (s) / CPU (s) / size | — | ${fmt(old.seconds, 2)} / ${fmt(old.cpuSeconds, 2)} / ${fmt(old.megabytes, 1)} MB in ${old.pages} pages |
| IndexedDB floor: ${seeded.customers} customer + ${seeded.identities} identity rows put straight into stores with the extension's indexes, no network (s) | — | ${floor ? `${fmt(floor.seconds, 2)} (customers ${fmt(floor.customersSeconds, 2)}, identities ${fmt(floor.identitiesSeconds, 2)})` : 'not measured'} |
| PostgreSQL: server alone, snapshot pages from Node (s) / server process CPU (s) | — | ${pg ? `${fmt(pg.serverAloneSeconds, 2)} / ${fmt(pg.serverCpuSeconds, 2)} (runs: ${pg.runs.join(', ')})` : 'not measured (set DATABASE_URL)'} |
| PostgreSQL: before, the change-log pull's snapshot, server alone (s) / CPU (s) | — | ${pg ? `${fmt(pg.old.seconds, 2)} / ${fmt(pg.old.cpuSeconds, 2)}` : '—'} |
| PostgreSQL: connect → every row in IndexedDB, one round (s) | ≤ 10 | ${pg ? `${pg.extension <= 10 ? '✅' : '❌'} ${fmt(pg.extension, 2)}` : '—'} |
| rows pulled | — | ${last?.rows ?? 0} |
| rows stored (customers / identities / touchpoints / labels / assignments / notes) | — | ${['customers', 'identities', 'touchpoints', 'labels', 'labelAssignments', 'notes'].map((t) => last?.counts[t] ?? 0).join(' / ')} |
| 1-min load average before / at each round's pull / after | — | ${fmt(loadBefore, 2)} / ${runs.map((r) => fmt(r.load, 2)).join(', ')} / ${fmt(loadAfter, 2)} |

"Every row in IndexedDB" is the moment the extension stores the final cursor (a plain change-log position), which it writes in the same transaction as the last page. Before the snapshot endpoint (the change-log pull's snapshot, 5k-row pages with every field's clock), the same measure was 58.1 s (2026-11-23T14:01Z, load 6.2 / 4.1).
`;
    writeResults('sync-pull', json, md);
  } finally {
    server?.proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
