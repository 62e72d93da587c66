// Adapter benchmarks in real Chromium on the replicas (issue: platform adapters).
// 1. Snapshot extraction of ≥200 visible messages: p50/p95 per read, against a floor
//    baseline (one querySelectorAll + textContent per message) measured in the same page.
// 2. Host main-thread time while a thread streams 500 messages and the agent switches 50
//    times, with the extension against the same run without it (CDP TaskDuration),
//    alternating A/B runs; target ≤ 1.05×.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_FLAGS,
  chromiumPath,
  EXTENSION_DIR,
  launchWithExtension,
  ROOT,
  serveReplicas,
} from '../scripts/browser';
import { fmt, machine, median, percentile, writeResults } from './lib';

const SITES = {
  meta: {
    url: 'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345',
    messageSelector: '[data-message-id]',
  },
  zalo: { url: 'https://chat.zalo.me/', messageSelector: '[id^="bb_msg_id_"]' },
} as const;
type Site = keyof typeof SITES;

async function bundleEntry(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, 'bench/page/adapters-entry.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    target: 'chrome120',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  });
  return out.outputFiles[0]?.text ?? '';
}

async function plainContext(): Promise<{ context: BrowserContext; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kq-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  await serveReplicas(context);
  return { context, dir };
}

async function extraction(site: Site, script: string) {
  const { context, dir } = await plainContext();
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(SITES[site].url);
  await page.evaluate(async () => {
    for (let i = 0; i < 200; i++)
      window.__kqFixture.appendIncoming(`Tin nhắn thử số ${i}, ship COD về Hà Nội nhé shop`);
    await new Promise((r) => setTimeout(r, 300));
  });
  await page.addScriptTag({ content: script });
  type Bench = {
    timeReads(s: string, n: number): { times: number[]; messages: number };
    timeBaseline(sel: string, n: number): { times: number[] };
  };
  const result = await page.evaluate(
    ({ site, selector }) => {
      const bench = (window as unknown as { __kqBench: Bench }).__kqBench;
      bench.timeReads(site, 5); // warm up the JIT
      bench.timeBaseline(selector, 5);
      return { reads: bench.timeReads(site, 50), baseline: bench.timeBaseline(selector, 50) };
    },
    { site, selector: SITES[site].messageSelector },
  );
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    messages: result.reads.messages,
    p50: fmt(median(result.reads.times)),
    p95: fmt(percentile(result.reads.times, 95)),
    baselineP50: fmt(median(result.baseline.times)),
    ratioP50: fmt(median(result.reads.times) / Math.max(median(result.baseline.times), 0.001), 2),
  };
}

async function taskDurationProbe(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
}

/** One run of the stress scenario; returns the page's main-thread busy seconds. */
export async function hostRun(site: Site, withExtension: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kq-bench-'));
  let context: BrowserContext;
  if (withExtension) {
    context = await launchWithExtension({ userDataDir: dir, extensionDir: EXTENSION_DIR });
    await serveReplicas(context);
  } else {
    context = (await plainContext()).context;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(SITES[site].url);
  await page.waitForTimeout(1500);
  const taskDuration = await taskDurationProbe(page);
  const before = await taskDuration();
  await page.evaluate(async () => {
    const f = window.__kqFixture;
    const n = f.threads.length;
    const stream = f.streamIncoming(500, 4);
    for (let i = 0; i < 50; i++) {
      await f.switchTo((i * 3 + 1) % n);
      await new Promise((r) => setTimeout(r, 30));
    }
    await stream;
  });
  await page.waitForTimeout(1500);
  const after = await taskDuration();
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  return after - before;
}

export async function runAdapterBenchmarks(rounds = 5) {
  const script = await bundleEntry();
  const extractionResults: Record<string, Awaited<ReturnType<typeof extraction>>> = {};
  const host: Record<
    string,
    { without: number[]; with: number[]; ratio: number; pairedRatio: number; pairs: number[] }
  > = {};
  for (const site of Object.keys(SITES) as Site[]) {
    extractionResults[site] = await extraction(site, script);
    const without: number[] = [];
    const withExt: number[] = [];
    for (let i = 0; i < rounds; i++) {
      without.push(await hostRun(site, false));
      withExt.push(await hostRun(site, true));
    }
    // Each with-run against the without-run just before it: the machine's speed drifts
    // over minutes, and adjacent runs share the drift.
    const pairs = withExt.map((w, i) => w / (without[i] as number));
    host[site] = {
      without: without.map((v) => fmt(v)),
      with: withExt.map((v) => fmt(v)),
      ratio: fmt(median(withExt) / median(without), 3),
      pairs: pairs.map((r) => fmt(r, 3)),
      pairedRatio: fmt(median(pairs), 3),
    };
  }
  const json = {
    machine: machine(),
    date: new Date().toISOString(),
    extraction: extractionResults,
    host,
  };
  const lines = [
    '# Adapter benchmarks',
    '',
    `Machine: ${json.machine}. Run: ${json.date}. Real Chromium (${chromiumPath()}), replicas served at the real URLs.`,
    '',
    '## Snapshot extraction (target: ≤ 2 ms for 200 visible messages)',
    '',
    '| site | messages read | p50 ms | p95 ms | baseline p50 ms | ratio to baseline (p50) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(extractionResults).map(
      ([s, r]) =>
        `| ${s} | ${r.messages} | ${r.p50} | ${r.p95} | ${r.baselineP50} | ${r.ratioP50}× |`,
    ),
    '',
    'Baseline: one `querySelectorAll` over the messages and a `textContent` read each, in the same page.',
    '',
    '## Host main-thread time, 500 streamed messages + 50 switches (target: ≤ 1.05×)',
    '',
    '| site | without extension (s, per run) | with extension (s, per run) | paired ratios | median paired ratio | ratio of medians |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(host).map(
      ([s, r]) =>
        `| ${s} | ${r.without.join(', ')} | ${r.with.join(', ')} | ${r.pairs.join(', ')} | ${r.pairedRatio}× | ${r.ratio}× |`,
    ),
    '',
    'Main-thread time is CDP `Performance.getMetrics` TaskDuration of the inbox tab over the scenario, A/B runs alternating in one process. Paired ratio: each run with the extension against the run without it just before; the machine’s speed drifts over minutes and adjacent runs share the drift.',
    '',
  ];
  writeResults('adapters', json, lines.join('\n'));
  return json;
}

if (process.argv[1]?.endsWith('adapters.ts')) {
  runAdapterBenchmarks().then((r) => console.log(JSON.stringify(r, null, 2)));
}
