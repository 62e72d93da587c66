// The care queue as the sidebar's panel and the popup read it: one request for every part on
// screen (list, rail count), read again when the background says the queue changed.
import type { CareQueue } from '@/core/care/types';
import { refusal } from '@/core/protocol';
import { onMessage, sendMessage } from '@/utils/messaging';

export type CareSnapshot =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  | { kind: 'queue'; queue: CareQueue; at: number };

export interface CareStore {
  get(): CareSnapshot;
  subscribe(listener: (s: CareSnapshot) => void): () => void;
  refresh(): Promise<void>;
}

export function careStore(scope: 'mine' | 'team' = 'mine'): CareStore {
  let snap: CareSnapshot = { kind: 'loading' };
  const listeners = new Set<(s: CareSnapshot) => void>();
  let seq = 0;
  let stop: (() => void) | undefined;
  const publish = (next: CareSnapshot) => {
    snap = next;
    for (const l of listeners) l(snap);
  };
  const refresh = async () => {
    const mine = ++seq;
    const r = await sendMessage('getCareQueue', { scope }).catch(refusal);
    if (mine !== seq) return;
    publish(r.ok ? { kind: 'queue', queue: r, at: Date.now() } : { kind: 'error', error: r.error });
  };
  return {
    get: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      if (!stop) {
        stop = onMessage('careChanged', () => void refresh());
        void refresh();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stop?.();
          stop = undefined;
        }
      };
    },
    refresh,
  };
}

/** How many items are due, from the counts by kind. */
export function dueCount(q: CareQueue): number {
  return Object.values(q.counts).reduce((a, b) => a + (b ?? 0), 0);
}
