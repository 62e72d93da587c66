// Initial pull into a fresh extension: a team server on PGlite seeded with 100k customers
// and 300k identities; a new Chromium profile with the built extension connects from the
// options page; we time until every row is in its IndexedDB (target ≤ 10 s).
// Baseline, same browser and server: the same pages fetched and parsed by the options page
// without storing anything, which is the floor the network + JSON alone cost.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { countRows, extensionWorker, launchWithExtension } from '../scripts/browser';
import { type ServerProcess, startServerProcess } from '../scripts/team-server';
import { createMember, createTeam } from '../server/auth';
import { openDatabase } from '../server/runtime';
import { fmt, machine, median, writeResults } from './lib';
import { seedTeam } from './server/lib';

const CUSTOMERS = Number(process.env.KQ_BENCH_CUSTOMERS ?? 100_000);
const ROUNDS = Number(process.env.KQ_BENCH_ROUNDS ?? 3);

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
    async ({ url, token }) => {
      const started = performance.now();
      let since: string | undefined;
      let rows = 0;
      for (;;) {
        const q = new URLSearchParams({ limit: '2000' });
        if (since) q.set('since', since);
        const res = await fetch(`${url}/v1/sync/pull?${q}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as { cursor: string; hasMore: boolean; rows: unknown[] };
        rows += body.rows.length;
        since = body.cursor;
        if (!body.hasMore) break;
      }
      return { seconds: (performance.now() - started) / 1000, rows };
    },
    { url, token },
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

export async function runSyncPullBenchmark(): Promise<void> {
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

    const runs: {
      baseline: number;
      extension: number;
      rows: number;
      counts: Record<string, number>;
    }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const profile = mkdtempSync(path.join(os.tmpdir(), 'kq-bench-profile-'));
      const context = await launchWithExtension({ userDataDir: profile });
      try {
        const base = await baselineFetch(context, server.url, agent.token);
        const ext = await extensionPull(context, server.url, agent.token);
        runs.push({
          baseline: base.seconds,
          extension: ext.seconds,
          rows: base.rows,
          counts: ext.counts,
        });
        console.error(
          `round ${round + 1}: fetch+parse ${base.seconds.toFixed(2)} s, into the extension ${ext.seconds.toFixed(2)} s`,
        );
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    const loadAfter = os.loadavg()[0] ?? 0;
    const ext = median(runs.map((r) => r.extension));
    const base = median(runs.map((r) => r.baseline));
    const last = runs.at(-1);
    const json = {
      machine: machine(),
      at: new Date().toISOString(),
      customers: seeded.customers,
      identities: seeded.identities,
      rounds: runs.map((r) => ({ ...r, baseline: fmt(r.baseline), extension: fmt(r.extension) })),
      medianSeconds: fmt(ext),
      baselineMedianSeconds: fmt(base),
      ratio: fmt(ext / base, 2),
      loadAverage: { before: fmt(loadBefore, 2), after: fmt(loadAfter, 2) },
    };
    const md = `# Initial pull into a fresh extension

${machine()}. Run: ${json.at}. Team server on PGlite (child process), seeded with ${seeded.customers} customers and ${seeded.identities} identities; a fresh Chromium profile per round with the production build; the agent connects in the options page.

| measure | target | result |
| --- | --- | --- |
| connect → every row in IndexedDB, median of ${runs.length} (s) | ≤ 10 | ${ext <= 10 ? '✅' : '❌'} ${fmt(ext, 2)} (runs: ${runs.map((r) => fmt(r.extension, 2)).join(', ')}) |
| baseline: the same pages fetched + parsed, nothing stored (s) | — | ${fmt(base, 2)} (runs: ${runs.map((r) => fmt(r.baseline, 2)).join(', ')}) |
| ratio to baseline | — | ${fmt(ext / base, 2)}× |
| rows pulled | — | ${last?.rows ?? 0} |
| rows stored (customers / identities / touchpoints / labels / assignments / notes) | — | ${['customers', 'identities', 'touchpoints', 'labels', 'labelAssignments', 'notes'].map((t) => last?.counts[t] ?? 0).join(' / ')} |
| 1-min load average before / after | — | ${fmt(loadBefore, 2)} / ${fmt(loadAfter, 2)} |

"Every row in IndexedDB" is the moment the extension stores the snapshot's final cursor, which it writes in the same transaction as the last page.
`;
    writeResults('sync-pull', json, md);
  } finally {
    server?.proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
