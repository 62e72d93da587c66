// Bundled into the benchmark page: the real adapters, callable from Playwright.
import { createMetaAdapter } from '@/content-scripts/meta/adapter';
import { createZaloAdapter } from '@/content-scripts/zalo/adapter';

const adapters = {
  meta: () => createMetaAdapter({ bridge: () => undefined }),
  zalo: () => createZaloAdapter(),
};

// performance.now() is coarsened to 0.1 ms in pages, so time batches and divide.
const BATCH = 20;

/**
 * Per-read ms over `batches` batches of readings, and the message count read. Each read
 * uses a fresh adapter, so nothing is remembered between reads: the cold cost, as on a
 * switch to a thread the adapter has never seen.
 */
function timeReads(site: keyof typeof adapters, batches: number) {
  const times: number[] = [];
  let messages = 0;
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) {
      const r = adapters[site]().read(Date.now());
      if (r.kind === 'snapshot') messages = r.snapshot.messages.length;
    }
    times.push((performance.now() - t0) / BATCH);
  }
  return { times, messages };
}

/** The floor: one querySelectorAll and a textContent read per message, nothing else. */
function timeBaseline(selector: string, batches: number) {
  const times: number[] = [];
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) {
      for (const el of document.querySelectorAll(selector)) n += (el.textContent ?? '').length;
    }
    times.push((performance.now() - t0) / BATCH);
  }
  if (n < 0) throw new Error('unreachable');
  return { times };
}

(window as unknown as { __kqBench: unknown }).__kqBench = { timeReads, timeBaseline };
