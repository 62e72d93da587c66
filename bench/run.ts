// `npm run bench`: every benchmark, each against a baseline measured in the same run,
// results written under bench/results/ (committed).
import { runAdapterBenchmarks } from './adapters';

const which = new Set(process.argv.slice(2));
const want = (name: string) => which.size === 0 || which.has(name);

if (want('adapters')) {
  console.log('adapters: extraction and host main-thread cost in Chromium…');
  await runAdapterBenchmarks();
  console.log('  → bench/results/adapters.md');
}
