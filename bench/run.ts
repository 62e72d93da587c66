// `npm run bench`: every benchmark, each against a baseline measured in the same run,
// results written under bench/results/ (committed).
import { runAdapterBenchmarks } from './adapters';
import { runCareBenchmark } from './care';
import { runImportBenchmark } from './import';
import { writeReport } from './report';
import { runSidebarBenchmarks } from './sidebar';
import { runStorageBenchmarks } from './storage';
import { runSyncPullBenchmark } from './sync-pull';

const which = new Set(process.argv.slice(2));
// `report` alone rewrites bench/results.md from the committed results without measuring.
const reportOnly = which.size === 1 && which.has('report');
const want = (name: string) => !reportOnly && (which.size === 0 || which.has(name));

if (want('adapters')) {
  console.log('adapters: extraction and host main-thread cost in Chromium…');
  // KQ_BENCH_ROUNDS / KQ_BENCH_SITES: quick local checks; committed results use the defaults.
  await runAdapterBenchmarks(
    Number(process.env.KQ_BENCH_ROUNDS ?? 7),
    (process.env.KQ_BENCH_SITES?.split(',') as ('meta' | 'zalo')[] | undefined) ?? undefined,
  );
  console.log('  → bench/results/adapters.md');
}

if (want('storage')) {
  console.log('storage: 100k customers in Chromium IndexedDB, lookups and one snapshot…');
  await runStorageBenchmarks();
  console.log('  → bench/results/storage.md');
}

if (want('sidebar')) {
  console.log('sidebar: switch → badge with 100k customers, render time, bundle size…');
  await runSidebarBenchmarks();
  console.log('  → bench/results/sidebar.md');
}

if (want('server')) {
  // The server benchmark starts its own server processes (PGlite, and PostgreSQL when
  // DATABASE_URL is set or a throwaway cluster can be started); run it as its own process.
  const { execFileSync } = await import('node:child_process');
  console.log('server: lookups, SSE fan-out, initial pull…');
  execFileSync('node_modules/.bin/tsx', ['bench/server/run.ts'], { stdio: 'inherit' });
  console.log('  → bench/results/server.md');
}

if (want('sync-pull')) {
  console.log('sync-pull: initial pull of 100k customers into a fresh extension…');
  await runSyncPullBenchmark();
  console.log('  → bench/results/sync-pull.md');
}

if (want('import')) {
  console.log('import: 100k-row customer + order CSV in the options page…');
  await runImportBenchmark();
  console.log('  → bench/results/import.md');
}

if (want('care')) {
  console.log('care: the day’s queue over 100k customers / 300k orders, one customer’s update…');
  await runCareBenchmark();
  console.log('  → bench/results/care.md');
}

// Every run ends with the one report over all results (the ones just measured and the rest).
console.log(`report → ${writeReport()}`);
