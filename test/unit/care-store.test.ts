// The care queue in a tab follows the background's `careChanged`, but a burst of them (a
// customer writing several messages) reads the queue again once, not once per message.
import { afterEach, describe, expect, it } from 'vitest';
import { careStore, REFRESH_GAP_MS } from '@/components/care-store';
import { onMessage, sendMessage } from '@/utils/messaging';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('care store', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('a burst of careChanged reads the queue at most twice more, and the last change is followed', async () => {
    let reads = 0;
    let total = 1;
    stops.push(
      onMessage('getCareQueue', () => {
        reads += 1;
        return { ok: true, entries: [], counts: { reminder: total } };
      }),
    );
    const store = careStore('mine');
    const seen: number[] = [];
    stops.push(
      store.subscribe((s) => {
        if (s.kind === 'queue') seen.push(s.queue.counts.reminder ?? 0);
      }),
    );
    await sleep(20);
    expect(reads).toBe(1);
    for (let i = 2; i <= 10; i++) {
      total = i;
      await sendMessage('careChanged', { counts: { reminder: i } });
    }
    await sleep(REFRESH_GAP_MS + 200);
    expect(reads).toBeLessThanOrEqual(3);
    expect(seen.at(-1)).toBe(10);
  });
});
