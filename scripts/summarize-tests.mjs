// Adds up the test reports into the closing line CI reads: `N passed, N failed`.
// A stage that failed without a failing test to show for it (lint, typecheck, a crash, a
// missing report) counts as one failure, so the total can never look green by accident.
import { existsSync, readFileSync } from 'node:fs';

// argv: the comma-separated stages that must have left a report, then the failed stages.
const expected = (process.argv[2] ?? '').split(',').filter(Boolean);
const failedStages = new Set(process.argv.slice(3));
const reports = Object.fromEntries(
  expected.map((stage) => [stage, { file: `reports/${stage}.json`, vitest: stage !== 'e2e' }]),
);
let passed = 0;
let failed = 0;

for (const [stage, { file, vitest }] of Object.entries(reports)) {
  if (!existsSync(file)) {
    failed += 1;
    console.log(`${stage}: no report (the stage did not run to the end)`);
    continue;
  }
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const ok = vitest ? json.numPassedTests : json.stats.expected;
  const bad = vitest
    ? json.numFailedTests
    : json.stats.unexpected + json.stats.flaky + json.stats.skipped;
  const skipped = vitest ? json.numPendingTests + json.numTodoTests : json.stats.skipped;
  passed += ok;
  failed += bad + (vitest ? skipped : 0);
  if (failedStages.has(stage) && bad === 0) failed += 1;
  console.log(
    `${stage}: ${ok} passed, ${bad} failed${skipped ? `, ${skipped} skipped (counted as failed)` : ''}`,
  );
  failedStages.delete(stage);
}
for (const stage of failedStages) {
  failed += 1;
  console.log(`${stage}: failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
