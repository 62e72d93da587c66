// One report over every benchmark's committed results (bench/results/*.json): each figure,
// its target, the baseline measured in the same run and the ratio to it, and the machine
// and load it ran on. `npm run bench` writes it after running everything;
// `npm run bench -- report` rewrites it from the results as they stand.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(import.meta.dirname, 'results');

interface Row {
  figure: string;
  value: number;
  unit: string;
  /** The target, and whether lower is better (`≤`) or higher (`≥`). */
  target?: { op: '≤' | '≥'; value: number };
  baseline?: { what: string; value: number };
  /** Said next to the figure: what the ratio means when it is not value / baseline. */
  ratio?: number;
}

interface Section {
  name: string;
  file: string;
  at: string;
  machine: string;
  load: string;
  rows: Row[];
  note?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: each benchmark writes its own JSON shape.
type Json = any;

const read = (name: string): Json | undefined => {
  const file = path.join(DIR, `${name}.json`);
  if (!existsSync(file)) return undefined;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  // Older results carry no date: the commit that brought them is when they were measured.
  if (!j.at && !j.date && !j.meta?.date) {
    try {
      j.at = execFileSync('git', ['log', '-1', '--format=%cI', '--', file], {
        encoding: 'utf8',
      }).trim();
    } catch {
      // Not a git checkout: the section says the date was not recorded.
    }
  }
  return j;
};

const loads = (...xs: unknown[]) =>
  xs
    .flat()
    .filter((x) => x !== undefined && x !== null)
    .map((x) => Number(x).toFixed(1))
    .join(' → ');

function adapters(j: Json): Section {
  const rows: Row[] = [];
  for (const site of ['meta', 'zalo'] as const) {
    const e = j.extraction?.[site];
    if (e)
      rows.push({
        figure: `${site}: snapshot extraction, ${e.messages} visible messages, p95 (ratio of the p50s)`,
        value: e.p95,
        unit: 'ms',
        target: { op: '≤', value: 2 },
        baseline: { what: 'querySelectorAll of the same nodes, p50', value: e.baselineP50 },
        ratio: e.ratioP50,
      });
    const h = j.host?.[site];
    if (h)
      rows.push({
        figure: `${site}: host renderer main-thread CPU with / without the extension (500 messages streamed, 50 switches; median of paired runs, trace CPU)`,
        value: h.paired.traceCpu,
        unit: '×',
        target: { op: '≤', value: 1.05 },
        baseline: { what: 'the same run without the extension', value: 1 },
        ratio: h.paired.traceCpu,
      });
  }
  return {
    name: 'Platform adapters (issue 4)',
    file: 'adapters.md',
    at: j.date,
    machine: j.machine,
    load: loads(j.load1?.start, j.host?.meta?.loadAfter, j.host?.zalo?.loadAfter, j.load1?.end),
    rows,
  };
}

function storage(j: Json): Section {
  const s = j.stats;
  // As storage.md: lookups against a primary-key get measured beside them, the snapshot
  // path against a get measured among its writes.
  const base = { what: 'a primary-key get, p95, same run', value: s.baselineGet.p95 };
  const amongWrites = {
    what: 'a primary-key get among the snapshot writes, p95',
    value: s.baselineGetAmongWrites.p95,
  };
  const lookup = (figure: string, x: Json, target: number | undefined, baseline = base): Row => ({
    figure,
    value: x.p95,
    unit: 'ms',
    ...(target !== undefined ? { target: { op: '≤' as const, value: target } } : {}),
    baseline,
  });
  return {
    name: 'Local store, 100k customers in Chromium IndexedDB (issue 5)',
    file: 'storage.md',
    at: j.date,
    machine: `${j.machine}, Chromium ${j.chromium}`,
    load: loads(j.loadAverage1m?.beforeMeasure, j.loadAverage1m?.after),
    rows: [
      lookup('identity lookup, p95', s.identityLookup, 2),
      lookup('phone lookup, p95', s.phoneLookup, 2),
      lookup('name prefix search, p95', s.namePrefixSearch, 20),
      lookup(
        'snapshot → classified view with timeline, p95',
        s.resolveClassifyTimeline,
        10,
        amongWrites,
      ),
      lookup(
        '… until committed (no target of its own), p95',
        s.resolveClassifyTimelineCommitted,
        undefined,
        amongWrites,
      ),
      {
        figure: 'bytes stored per customer',
        value: j.seed.bytesPerCustomer,
        unit: 'B',
      },
    ],
  };
}

function sidebar(j: Json): Section {
  const rows: Row[] = [];
  for (const site of ['meta', 'zalo'] as const) {
    const sw = j.switch?.[site];
    if (!sw) continue;
    rows.push({
      figure: `${site}: switch → correct badge painted, after the host's own paint, p95`,
      value: sw.badgeAfterHost.p95,
      unit: 'ms',
      target: { op: '≤', value: 50 },
      baseline: { what: "the host's own switch (click → paint), p95", value: sw.host.p95 },
    });
  }
  rows.push({
    figure: 'sidebar render, loading ↔ full view, p95',
    value: j.render.switchPair.p95,
    unit: 'ms',
    target: { op: '≤', value: 8 },
    baseline: { what: 'rendering the loading state, p95', value: j.render.loading.p95 },
  });
  for (const b of j.bundle ?? []) {
    if (!b.file.endsWith('.js') || b.file === 'meta-bridge.js') continue;
    rows.push({
      figure: `content script ${b.file}, gzip`,
      value: Math.round(b.gzip / 102.4) / 10,
      unit: 'KiB',
      target: { op: '≤', value: 40 },
    });
  }
  return {
    name: 'Sidebar (issue 6)',
    file: 'sidebar.md',
    at: j.at,
    machine: j.machine,
    load: loads(j.loadAverage?.before, j.loadAverage?.after),
    rows,
  };
}

function server(j: Json): Section {
  const rows: Row[] = [];
  for (const r of j.results ?? []) {
    const who = `${r.engine}, ${r.instances} instance${r.instances > 1 ? 's' : ''}`;
    rows.push({
      figure: `${who}: identity lookups per second`,
      value: r.lookup.rps,
      unit: 'req/s',
      target: { op: '≥', value: j.targets.lookupRps },
      baseline: { what: '/v1/health on the same server, req/s', value: r.baseline.rps },
    });
    rows.push({
      figure: `${who}: lookup p99 at that rate`,
      value: r.lookup.latencyMs.p99,
      unit: 'ms',
      target: { op: '≤', value: j.targets.lookupP99Ms },
      baseline: { what: '/v1/health p99', value: r.baseline.latencyMs.p99 },
    });
    rows.push({
      figure: `${who}: change → 100 other agents notified, p95`,
      value: r.fanout.latencyMs.p95,
      unit: 'ms',
      target: { op: '≤', value: j.targets.fanoutP95Ms },
    });
    if (r.initialPull)
      rows.push({
        figure: `${who}: initial pull of 100k customers (server side)`,
        value: r.initialPull.seconds,
        unit: 's',
        target: { op: '≤', value: j.targets.initialPullSeconds },
      });
  }
  return {
    name: 'Team server (issue 7)',
    file: 'server.md',
    at: j.meta.date,
    machine: `${j.meta.cpus} × ${j.meta.cpu}, ${j.meta.memGb} GiB, Node ${j.meta.node}`,
    load: (j.results ?? [])
      .map((r: Json) => `${r.engine} ${loads(r.loadAverage?.before, r.loadAverage?.after)}`)
      .join('; '),
    rows,
  };
}

function syncPull(j: Json): Section {
  return {
    name: 'Fresh install pulls the team (issue 7)',
    file: 'sync-pull.md',
    at: j.at,
    machine: j.machine,
    load: loads(j.loadAverage?.before, j.loadAverage?.after),
    rows: [
      {
        figure: 'connect → 100k customers and 300k identities in IndexedDB',
        value: j.medianSeconds,
        unit: 's',
        target: { op: '≤', value: 10 },
        baseline: {
          what: 'fetching and parsing the same pages, no IndexedDB',
          value: j.baselineMedianSeconds,
        },
      },
      {
        figure: 'the IndexedDB floor: the same rows put straight into the stores, no network',
        value: j.indexedDbFloor.seconds,
        unit: 's',
      },
      {
        figure: 'server alone, PGlite (snapshot pages)',
        value: j.serverAloneMedianSeconds,
        unit: 's',
        baseline: {
          what: 'the old change-log pull',
          value: j.oldChangeLogPull.serverAloneSeconds,
        },
      },
    ],
    note: 'measured at a high load average; the target is bound by IndexedDB writes (the floor).',
  };
}

function importBench(j: Json): Section {
  return {
    name: 'Import (issue 8)',
    file: 'import.md',
    at: j.at,
    machine: j.machine,
    load: loads(j.load),
    rows: [
      {
        figure: `${j.rows.toLocaleString('en')}-row CSV imported in the options page`,
        value: j.import.seconds,
        unit: 's',
        target: { op: '≤', value: j.targets.seconds },
        baseline: { what: 'Papa Parse alone on the same file', value: j.baselinePapaParse.seconds },
      },
      {
        figure: 'longest main-thread task while importing',
        value: j.import.longestTaskMs,
        unit: 'ms',
        target: { op: '≤', value: j.targets.longestTaskMs },
        baseline: {
          what: 'Papa Parse on the main thread',
          value: j.baselinePapaParse.longestTaskMs,
        },
      },
    ],
  };
}

function care(j: Json): Section {
  return {
    name: 'Care queue (issue 9)',
    file: 'care.md',
    at: j.at,
    machine: j.machine,
    load: loads(j.loadAverage),
    rows: [
      {
        figure: `the day's queue over ${j.customers.toLocaleString('en')} customers / ${j.orders.toLocaleString('en')} orders, rules over facts in memory (Node), p95`,
        value: j.dayQueue.ms.p95,
        unit: 'ms',
        target: { op: '≤', value: j.dayQueue.targetMs },
        baseline: {
          what: 'a plain scan of the same facts, p95',
          value: j.dayQueue.baselineScanMs.p95,
        },
      },
      {
        figure: "one customer's items brought up to date (Dexie on fake-indexeddb, Node), p95",
        value: j.incremental.ms.p95,
        unit: 'ms',
        target: { op: '≤', value: j.incremental.targetMs },
        baseline: {
          what: "reading that customer's rows, p95",
          value: j.incremental.baselineReadMs.p95,
        },
      },
    ],
  };
}

function stress(j: Json): Section {
  return {
    name: 'Sync under faults (issue 10; `npm run stress`)',
    file: 'stress.json',
    at: j.at,
    machine: j.machine,
    load: loads(j.loadAverage),
    note: `${j.agents} agents on a real server process (${j.engine}), seed ${j.seed}: ${j.kills} server kills (${j.killsMidPush} mid-push), ${j.outages} network outages (${j.droppedRequests} requests dropped), ${j.lostResponses} responses lost after the server applied them, ${j.workerStops} workers stopped mid-sync; then every client's state equals the server's.`,
    rows: [
      { figure: 'mutations generated', value: j.generated, unit: '' },
      {
        figure: 'mutations applied by the server',
        value: j.applied,
        unit: '',
        target: { op: '≥', value: j.generated },
      },
      { figure: 'lost', value: j.lost, unit: '', target: { op: '≤', value: 0 } },
      { figure: 'duplicated', value: j.duplicated, unit: '', target: { op: '≤', value: 0 } },
      { figure: 'wall time of the run', value: j.seconds, unit: 's' },
    ],
  };
}

const SECTIONS: [string, (j: Json) => Section][] = [
  ['adapters', adapters],
  ['storage', storage],
  ['sidebar', sidebar],
  ['server', server],
  ['sync-pull', syncPull],
  ['import', importBench],
  ['care', care],
  ['stress', stress],
];

const num = (x: number) =>
  Number.isInteger(x)
    ? x.toLocaleString('en')
    : x.toLocaleString('en', { maximumFractionDigits: 2 });

function verdict(r: Row): string {
  if (!r.target) return '';
  const ok = r.target.op === '≤' ? r.value <= r.target.value : r.value >= r.target.value;
  return ok ? '✓' : '✗';
}

function rowLine(r: Row): string {
  const ratio =
    r.ratio ?? (r.baseline && r.baseline.value > 0 ? r.value / r.baseline.value : undefined);
  return `| ${r.figure} | ${num(r.value)} ${r.unit} | ${
    r.target ? `${r.target.op} ${num(r.target.value)} ${r.unit}` : '—'
  } | ${r.baseline ? `${num(r.baseline.value)} (${r.baseline.what})` : '—'} | ${
    ratio !== undefined ? `${num(ratio)}×` : '—'
  } | ${verdict(r)} |`;
}

export function buildReport(): string {
  const out: string[] = [
    '# Benchmark report',
    '',
    "Written by `npm run bench` (every benchmark, then this page) or `npm run bench -- report` (this page from the committed results). Each figure with its target, the baseline measured in the same run, and the ratio to it. Benchmarks are only comparable at a low load average: the load during each run is given; the details, percentiles and method are in each benchmark's own page under `bench/results/`.",
    '',
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, section] of SECTIONS) {
    const j = read(name);
    if (!j) continue;
    const s = section(j);
    out.push(`## ${s.name}`, '');
    out.push(
      `Measured ${s.at ? s.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '(date not recorded)'} on ${s.machine}; load average ${s.load || 'not recorded'}. Details: [results/${s.file}](results/${s.file}).`,
      '',
    );
    if (s.note) out.push(`${s.note}`, '');
    out.push(
      '| figure | value | target | baseline (same run) | ratio | |',
      '|---|---|---|---|---|---|',
    );
    for (const r of s.rows) {
      out.push(rowLine(r));
      const v = verdict(r);
      if (v === '✓') passed++;
      if (v === '✗') failed++;
    }
    out.push('');
  }
  out.splice(4, 0, `**${passed} figures on target, ${failed} not.**`, '');
  return out.join('\n');
}

export function writeReport(): string {
  const file = path.join(import.meta.dirname, 'results.md');
  writeFileSync(file, buildReport());
  return file;
}
