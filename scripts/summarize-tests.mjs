// Adds up the unit and e2e reports into the closing line CI reads: `N passed, N failed`.
// A stage that failed without producing a report (lint, typecheck, a crash) counts as one
// failure so the total can never look green by accident.
import { existsSync, readFileSync } from 'node:fs';

const failedStages = process.argv.slice(2);
let passed = 0;
let failed = 0;
const lines = [];

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

const unit = read('test-results/unit.json');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  lines.push(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
}
const e2e = read('test-results/e2e.json');
if (e2e) {
  const s = e2e.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  lines.push(`e2e: ${s.expected} passed, ${s.unexpected + s.flaky} failed, ${s.skipped} skipped`);
  if (s.skipped > 0) {
    failed += s.skipped;
    lines.push('e2e: skipped tests count as failures');
  }
}
for (const stage of failedStages) {
  const reported = (stage === 'unit' && unit) || (stage === 'e2e' && e2e);
  if (
    !reported ||
    (stage === 'unit' && unit.numFailedTests === 0) ||
    (stage === 'e2e' && e2e.stats.unexpected === 0)
  ) {
    failed += 1;
    lines.push(`${stage}: stage failed`);
  }
}
if (!unit) lines.push('unit: no report');
if (!e2e) lines.push('e2e: no report');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
