// Meta's standard messaging window: a Page may answer a Messenger or Instagram user freely
// for 24 hours after that user's last message; after that only tagged messages go through.
// Read from the thread's own timestamps, so it holds even on the first day we see them.
import type { Platform, SnapshotMessage } from './snapshot';

export const WINDOW_MS = 24 * 60 * 60 * 1000;
/** From here on the sidebar warns that the window is running out. */
export const WINDOW_WARN_MS = 3 * 60 * 60 * 1000;

export type MessagingWindow =
  /** Zalo has no such window. */
  | { state: 'none' }
  /** No incoming message with a time is visible: nothing to count from. */
  | { state: 'unknown' }
  | { state: 'open' | 'closing'; lastIncomingAt: number; remainingMs: number }
  | { state: 'closed'; lastIncomingAt: number; closedAt: number };

export function messagingWindow(
  platform: Platform,
  messages: readonly SnapshotMessage[],
  now: number,
): MessagingWindow {
  if (platform === 'zalo') return { state: 'none' };
  let last: number | undefined;
  for (const m of messages) {
    if (m.direction === 'in' && m.at !== undefined && (last === undefined || m.at > last))
      last = m.at;
  }
  if (last === undefined) return { state: 'unknown' };
  // A clock a little behind the page's stamps must not show more than 24 hours.
  const remainingMs = Math.min(WINDOW_MS, last + WINDOW_MS - now);
  if (remainingMs <= 0)
    return { state: 'closed', lastIncomingAt: last, closedAt: last + WINDOW_MS };
  return {
    state: remainingMs <= WINDOW_WARN_MS ? 'closing' : 'open',
    lastIncomingAt: last,
    remainingMs,
  };
}

/** Whole hours and minutes left, rounded down: never promise time that is not there. */
export function splitRemaining(ms: number): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
