// The agent's conversation path comes before bulk background passes (the care queue's daily
// pass over every customer). IndexedDB runs overlapping transactions in the order they were
// created, so a pass that starts a chunk while the agent switches conversation makes the
// switch wait for that chunk. The pass asks for its turn before each chunk; the conversation
// path says when it is busy. One worker, one gate: module state is enough.

let active = 0;
let lastEnded = Number.NEGATIVE_INFINITY;

/** Runs the agent-facing work, keeping background passes off the stores meanwhile. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  active += 1;
  try {
    return await work();
  } finally {
    active -= 1;
    lastEnded = performance.now();
  }
}

export interface TurnOptions {
  /** Quiet time after the last foreground work before a pass may go on. */
  quietMs?: number;
  /** A pass waits at most this long, so constant switching cannot starve it for ever. */
  maxWaitMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves when no foreground work ran for `quietMs` (or after `maxWaitMs`). A switch tends
 * to come with its neighbours (the agent reads, then moves on), so a short quiet time after
 * one is when the next is least likely.
 */
export async function backgroundTurn({
  quietMs = 250,
  maxWaitMs = 5_000,
}: TurnOptions = {}): Promise<void> {
  const start = performance.now();
  for (;;) {
    const now = performance.now();
    if (now - start >= maxWaitMs) return;
    const quietFor = now - lastEnded;
    if (active === 0 && quietFor >= quietMs) return;
    await sleep(Math.min(active > 0 ? quietMs : quietMs - quietFor, maxWaitMs - (now - start)));
  }
}

/** For tests: forget what ran. */
export function resetForeground(): void {
  active = 0;
  lastEnded = Number.NEGATIVE_INFINITY;
}
