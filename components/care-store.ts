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

/** The least time between two reads of the queue on `careChanged`. */
export const REFRESH_GAP_MS = 1_500;

export function careStore(scope: 'mine' | 'team' = 'mine'): CareStore {
  let snap: CareSnapshot = { kind: 'loading' };
  const listeners = new Set<(s: CareSnapshot) => void>();
  let seq = 0;
  let stop: (() => void) | undefined;
  const publish = (next: CareSnapshot) => {
    snap = next;
    for (const l of listeners) l(snap);
  };
  // `careChanged` can come several times a second while a customer writes (each message
  // moves their "unanswered" item): the queue is read again at most once per REFRESH_GAP_MS,
  // the last change always followed, so the host page does not pay for every one.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastAsked = Number.NEGATIVE_INFINITY;
  const refreshSoon = () => {
    if (timer !== undefined) return;
    const wait = Math.max(0, lastAsked + REFRESH_GAP_MS - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      void refresh();
    }, wait);
  };
  const refresh = async () => {
    lastAsked = Date.now();
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
        stop = onMessage('careChanged', refreshSoon);
        void refresh();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stop?.();
          stop = undefined;
          clearTimeout(timer);
          timer = undefined;
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
