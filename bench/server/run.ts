// Server benchmarks (loopback, this machine). Run: `node --import tsx bench/server/run.ts`
// (add DATABASE_URL=postgres://… to also measure PostgreSQL; `--only pglite|postgres`).
// Writes bench/results/server.json and bench/results/server.md.
//
// Per engine: seed 100k customers + 300k identities, start the real server as a child
// process (`server/main.ts`), then measure
//   baseline  GET /v1/health (no auth, no DB) — the ceiling of this HTTP stack here
//   lookup    GET /v1/customers/lookup by platform identity, and by phone
//   fan-out   label PATCH → `change` event received by 100 SSE clients (on PostgreSQL the
//             clients sit on a second instance: the event crosses LISTEN/NOTIFY)
//   pull      a fresh client pulls the full snapshot (5,000-row pages) into a Replica
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PullResponse } from '../../core/api/schemas';
import { Replica } from '../../core/sync/replica';
import { createMember, createTeam } from '../../server/auth';
import { createPgDb } from '../../server/db/index';
import { openDatabase } from '../../server/runtime';
import { json, load, type Seeded, seedTeam, sse, summary } from './lib';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { only: { type: 'string' }, customers: { type: 'string' } },
});
const CUSTOMERS = Number(values.customers ?? 100_000);
const TARGETS = { fanoutP95Ms: 300, lookupRps: 2000, lookupP99Ms: 50, initialPullSeconds: 10 };

function spawnServer(port: number, dataDir: string, databaseUrl?: string): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'server/main.ts'),
      '--data',
      dataDir,
      '--port',
      String(port),
    ],
    {
      cwd: ROOT,
      // Request logs stay on (JSON lines to stdout, discarded here); the per-token limit is
      // raised because the load generator uses one token for thousands of requests a second.
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl ?? '',
        RATE_LIMIT_RPS: '1000000',
        RATE_LIMIT_BURST: '1000000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/v1/health`);
        if (r.ok) return resolve(proc);
      } catch {
        // not up yet
      }
      if (proc.exitCode !== null || Date.now() > deadline)
        return reject(new Error(`server on ${port} did not start`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

// The machine is shared: throughput moves with whatever else runs, the server's own CPU time
// per request much less. Linux only (/proc); undefined elsewhere.
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();
function cpuMicros(proc: ChildProcess): number | undefined {
  try {
    const f = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime
    return Number.isFinite(ticks) ? (ticks * 1e6) / CLK_TCK : undefined;
  } catch {
    return undefined;
  }
}

/** `load()` plus the server process's CPU time per request (µs). */
async function measured(proc: ChildProcess, opts: Parameters<typeof load>[0]) {
  const before = cpuMicros(proc);
  const r = await load(opts);
  const after = cpuMicros(proc);
  const serverCpuUs =
    before === undefined || after === undefined || r.requests === 0
      ? undefined
      : Math.round((after - before) / r.requests);
  return { ...r, serverCpuUs };
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.on('exit', r));
}

async function fanout(
  writeUrl: string,
  streamUrl: string,
  manager: string,
  tokens: string[],
  clients = 100,
  changes = 30,
) {
  const labelId = (
    await json<{ label: { id: string } }>(`${writeUrl}/v1/labels`, manager, 'POST', {
      name: 'Fan-out',
      color: '#000000',
    })
  ).label.id;
  const received: number[][] = Array.from({ length: clients }, () => []);
  const conns = Array.from({ length: clients }, (_, i) =>
    sse(`${streamUrl}/v1/sync/stream`, tokens[i % tokens.length] as string, (event) => {
      if (event === 'change') received[i]?.push(performance.now());
    }),
  );
  await Promise.all(conns.map((c) => c.ready));
  const sent: number[] = [];
  for (let k = 0; k < changes; k++) {
    sent.push(performance.now());
    await json(`${writeUrl}/v1/labels/${labelId}`, manager, 'PATCH', {
      color: `#${(k * 40503).toString(16).padStart(6, '0').slice(0, 6)}`,
    });
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
  const latencies: number[] = [];
  let missing = 0;
  for (const times of received) {
    for (let k = 0; k < changes; k++) {
      const at = times[k];
      if (at === undefined) missing++;
      else latencies.push(at - (sent[k] as number));
    }
  }
  for (const c of conns) c.close();
  return { clients, changes, deliveries: latencies.length, missing, latencyMs: summary(latencies) };
}

async function initialPull(url: string, token: string) {
  const started = performance.now();
  const replica = new Replica('bench');
  let bytes = 0;
  let pages = 0;
  let rows = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: '5000' });
    if (replica.cursor !== undefined) q.set('since', replica.cursor);
    const res = await fetch(`${url}/v1/sync/pull?${q}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    bytes += text.length;
    const page = JSON.parse(text) as PullResponse;
    replica.mergePull(page);
    pages++;
    rows += page.rows.length;
    if (!page.hasMore) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const v = replica.view();
  return {
    seconds: Math.round(seconds * 100) / 100,
    pages,
    rows,
    megabytes: Math.round(bytes / 1e5) / 10,
    customers: Object.keys(v.customers).length,
    identities: Object.keys(v.identities).length,
  };
}

/** This machine is shared (other test suites run on it): wait up to a minute for it to calm down. */
async function waitForQuiet(): Promise<number> {
  const until = Date.now() + 60_000;
  while ((os.loadavg()[0] ?? 0) > 0.8 && Date.now() < until)
    await new Promise((r) => setTimeout(r, 2_000));
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

async function benchEngine(engine: 'pglite' | 'postgres') {
  console.error(`\n== ${engine}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kq-bench-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (engine === 'postgres') {
    const base = process.env.DATABASE_URL as string;
    const name = `kq_bench_${randomBytes(4).toString('hex')}`;
    const admin = createPgDb(base, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    const u = new URL(base);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    };
  }
  const procs: ChildProcess[] = [];
  try {
    const opened = await openDatabase({ databaseUrl, dataDir }, 'the benchmark seeder');
    const team = await createTeam(opened.db, 'Bench shop', 'Chủ shop');
    const manager = await opened.db.tx((q) => createMember(q, team.teamId, 'Quản lý', 'manager'));
    const agents: string[] = [];
    for (let i = 0; i < 10; i++)
      agents.push(
        (await opened.db.tx((q) => createMember(q, team.teamId, `NV ${i}`, 'agent'))).token,
      );
    console.error(`seeding ${CUSTOMERS} customers…`);
    const seeded: Seeded = await seedTeam(opened.db, team.teamId, CUSTOMERS);
    await opened.db.exec('ANALYZE');
    await opened.close();
    console.error(`seeded in ${seeded.seconds.toFixed(1)} s`);

    const portA = 18_900 + (engine === 'postgres' ? 10 : 0);
    procs.push(await spawnServer(portA, dataDir, databaseUrl));
    const A = `http://127.0.0.1:${portA}`;
    let B = A;
    if (engine === 'postgres') {
      procs.push(await spawnServer(portA + 1, dataDir, databaseUrl));
      B = `http://127.0.0.1:${portA + 1}`;
    }
    const auth = { Authorization: `Bearer ${agents[0]}` };
    // Warm up (JIT, connection pools, caches).
    await load({ url: A, connections: 20, seconds: 2, path: () => '/v1/health' });
    await load({
      url: A,
      connections: 20,
      seconds: 2,
      headers: auth,
      path: (i) => lookupPath(seeded, i),
    });

    const loadBefore = await waitForQuiet();
    console.error(`baseline… (load average ${loadBefore})`);
    const server = procs[0] as ChildProcess;
    const baseline = await measured(server, {
      url: A,
      connections: 50,
      seconds: 5,
      path: () => '/v1/health',
    });
    console.error('lookups…');
    // 10 connections is autocannon's default; 50 shows the same server under deeper queues.
    const lookup = await measured(server, {
      url: A,
      connections: 10,
      seconds: 10,
      headers: auth,
      path: (i) => lookupPath(seeded, i),
    });
    const lookup50 = await measured(server, {
      url: A,
      connections: 50,
      seconds: 5,
      headers: auth,
      path: (i) => lookupPath(seeded, i),
    });
    const lookupPhone = await measured(server, {
      url: A,
      connections: 10,
      seconds: 5,
      headers: auth,
      path: (i) =>
        `/v1/customers/lookup?phone=${encodeURIComponent(seeded.phones[i % seeded.phones.length] as string)}`,
    });
    console.error('fan-out…');
    const fan = await fanout(A, B, manager.token, agents);
    console.error('initial pull…');
    const pull = await initialPull(B, agents[1] as string);
    const result = {
      engine,
      instances: engine === 'postgres' ? 2 : 1,
      loadAverage: { before: loadBefore, after: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
      seed: seeded && {
        customers: seeded.customers,
        identities: seeded.identities,
        seconds: Math.round(seeded.seconds * 10) / 10,
      },
      baseline,
      lookup,
      lookup50,
      lookupPhone,
      fanout: fan,
      initialPull: pull,
    };
    console.error(
      JSON.stringify({
        baseline: baseline.rps,
        lookup: lookup.rps,
        p99: lookup.latencyMs.p99,
        fanoutP95: fan.latencyMs.p95,
        pull: pull.seconds,
      }),
    );
    return result;
  } finally {
    for (const p of procs) await stop(p);
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function lookupPath(s: Seeded, i: number): string {
  const k = s.keys[(i * 7919) % s.keys.length] as Seeded['keys'][number];
  return `/v1/customers/lookup?platform=${k.platform}&accountId=${encodeURIComponent(k.accountId)}&externalId=${encodeURIComponent(k.externalId)}`;
}

type EngineResult = Awaited<ReturnType<typeof benchEngine>>;

function markdown(results: EngineResult[], meta: Record<string, unknown>): string {
  const ok = (pass: boolean) => (pass ? '✅' : '❌');
  const lines = [
    '# Team server benchmarks',
    '',
    `Machine: ${meta.cpus}× ${meta.cpu}, ${meta.memGb} GiB RAM, Node ${meta.node}, ${meta.date}. Loopback only; the load generator and the SSE clients run in one process, the server in another (two cores shared).`,
    '',
    'Baseline: `GET /v1/health` on the same server process (full middleware stack, no auth, no database) — the throughput ceiling of this HTTP stack on this machine. Ratios are against it.',
    '',
    '| measure | target | ' +
      results
        .map((r) => `${r.engine} (${r.instances} instance${r.instances > 1 ? 's' : ''})`)
        .join(' | ') +
      ' |',
    `|---|---|${results.map(() => '---|').join('')}`,
    '| baseline `GET /v1/health` req/s (50 conns) | — | ' +
      results.map((r) => `${r.baseline.rps} (p99 ${r.baseline.latencyMs.p99} ms)`).join(' | ') +
      ' |',
    '| lookup by identity, req/s (10 conns) | ≥ 2,000 | ' +
      results
        .map(
          (r) =>
            `${ok(r.lookup.rps >= TARGETS.lookupRps)} ${r.lookup.rps} (${Math.round((100 * r.lookup.rps) / r.baseline.rps)}% of baseline)`,
        )
        .join(' | ') +
      ' |',
    '| lookup by identity, p99 ms (10 conns) | ≤ 50 | ' +
      results
        .map(
          (r) =>
            `${ok(r.lookup.latencyMs.p99 <= TARGETS.lookupP99Ms)} ${r.lookup.latencyMs.p99} (p50 ${r.lookup.latencyMs.p50})`,
        )
        .join(' | ') +
      ' |',
    `| server process CPU per request, µs: baseline / lookup by identity / by phone | — | ${results.map((r) => `${r.baseline.serverCpuUs ?? '?'} / ${r.lookup.serverCpuUs ?? '?'} / ${r.lookupPhone.serverCpuUs ?? '?'}`).join(' | ')} |`,
    `| lookup by identity, 50 conns: req/s / p99 ms | — | ${results.map((r) => `${r.lookup50.rps} / ${r.lookup50.latencyMs.p99}`).join(' | ')} |`,
    `| lookup by phone, 10 conns: req/s / p99 ms | — | ${results.map((r) => `${r.lookupPhone.rps} / ${r.lookupPhone.latencyMs.p99}`).join(' | ')} |`,
    '| label change → 100 SSE clients, p95 ms | ≤ 300 | ' +
      results
        .map(
          (r) =>
            `${ok(r.fanout.latencyMs.p95 <= TARGETS.fanoutP95Ms && r.fanout.missing === 0)} ${r.fanout.latencyMs.p95} (p50 ${r.fanout.latencyMs.p50}, max ${r.fanout.latencyMs.max}; ${r.fanout.deliveries} deliveries, ${r.fanout.missing} missing)`,
        )
        .join(' | ') +
      ' |',
    '| initial pull 100k customers + 300k identities, s | ≤ 10 | ' +
      results
        .map(
          (r) =>
            `${ok(r.initialPull.seconds <= TARGETS.initialPullSeconds)} ${r.initialPull.seconds} (${r.initialPull.rows} rows, ${r.initialPull.pages} pages, ${r.initialPull.megabytes} MB)`,
        )
        .join(' | ') +
      ' |',
    `| 1-min load average before / after the run | — | ${results.map((r) => `${r.loadAverage.before} / ${r.loadAverage.after}`).join(' | ')} |`,
    '| seeding (direct multi-row upserts), s | — | ' +
      results.map((r) => `${r.seed.seconds}`).join(' | ') +
      ' |',
    '',
    "CPU per request is the server process alone (user + system time over the requests served): it moves much less than throughput when other work shares the machine. On PostgreSQL it excludes the database's own processes.",
    '',
    "Notes: lookups use one agent token with the per-token rate limit raised (the limiter still runs); request logging is on. Fan-out latency is from sending the `PATCH /v1/labels/:id` to the `change` event arriving at each client; on PostgreSQL the PATCH goes to instance A and the clients are connected to instance B. The pull merges every page into a `core/sync` Replica (the extension's in-memory model), so it includes client-side parsing.",
    '',
  ];
  return lines.join('\n');
}

async function main() {
  const engines: ('pglite' | 'postgres')[] = [];
  if (!values.only || values.only === 'pglite') engines.push('pglite');
  if ((!values.only || values.only === 'postgres') && process.env.DATABASE_URL)
    engines.push('postgres');
  if (values.only === 'postgres' && !process.env.DATABASE_URL)
    throw new Error('set DATABASE_URL to benchmark PostgreSQL');
  const results: EngineResult[] = [];
  for (const e of engines) results.push(await benchEngine(e));
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    customers: CUSTOMERS,
  };
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    path.join(outDir, 'server.json'),
    `${JSON.stringify({ meta, targets: TARGETS, results }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(outDir, 'server.md'), markdown(results, meta));
  console.log(markdown(results, meta));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
