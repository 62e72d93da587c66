// Hybrid logical clock. Packed as a fixed-width string that sorts like the clock itself:
// `<ms, 15 digits>-<counter, 5 digits>-<nodeId>`, so comparing two stamps is comparing
// two strings. Pure: the caller passes the wall clock.

export interface Hlc {
  ms: number;
  counter: number;
  node: string;
}

export const HLC_PATTERN = /^(\d{15})-(\d{5})-([A-Za-z0-9_.:]{1,64})$/;
const MAX_COUNTER = 99_999;

export function packHlc(h: Hlc): string {
  return `${String(h.ms).padStart(15, '0')}-${String(h.counter).padStart(5, '0')}-${h.node}`;
}

export function parseHlc(s: string): Hlc {
  const m = HLC_PATTERN.exec(s);
  if (!m) throw new Error(`not a hybrid logical clock stamp: ${s}`);
  return { ms: Number(m[1]), counter: Number(m[2]), node: m[3] as string };
}

export function isHlc(s: string): boolean {
  return HLC_PATTERN.test(s);
}

/** Wall-clock milliseconds of a packed stamp. */
export function hlcMs(s: string): number {
  return Number(s.slice(0, 15));
}

/** -1, 0 or 1; packed stamps compare as strings. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One node's clock. `now()` stamps a local event; `receive()` folds in a remote stamp. */
export class HlcClock {
  private ms = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly wall: () => number = Date.now,
  ) {
    if (!/^[A-Za-z0-9_.:]{1,64}$/.test(node)) throw new Error(`bad HLC node id: ${node}`);
  }

  now(): string {
    const wall = this.wall();
    if (wall > this.ms) {
      this.ms = wall;
      this.counter = 0;
    } else {
      this.bump();
    }
    return packHlc({ ms: this.ms, counter: this.counter, node: this.node });
  }

  receive(remote: string): void {
    const r = parseHlc(remote);
    const wall = this.wall();
    if (wall > this.ms && wall > r.ms) {
      this.ms = wall;
      this.counter = 0;
    } else if (r.ms > this.ms) {
      this.ms = r.ms;
      this.counter = r.counter;
      this.bump();
    } else if (r.ms === this.ms) {
      this.counter = Math.max(this.counter, r.counter);
      this.bump();
    } else {
      this.bump();
    }
  }

  private bump(): void {
    this.counter += 1;
    if (this.counter > MAX_COUNTER) {
      // More than 100k events in one millisecond: borrow the next millisecond.
      this.ms += 1;
      this.counter = 0;
    }
  }
}
