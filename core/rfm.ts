// RFM scores: recency, frequency and money, each 1..5 by quintile over the shop's
// customers who ordered. The index keeps three sorted columns, so building it for 100k
// customers is three typed-array sorts, a score is three binary searches, and one
// customer's change is an O(n) memmove (microseconds), not a rebuild.
import type { OrderSummary } from './orders';

export interface RfmMetrics {
  /** Epoch ms of the latest kept order. */
  lastOrderAt: number;
  /** Kept orders (delivered or pending). */
  frequency: number;
  /** VND spent on kept orders. */
  monetary: number;
}

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  /** Customers the quintiles were taken over. */
  population: number;
}

/** A customer's RFM inputs from their order summary; null when nothing was kept. */
export function rfmMetrics(summary: OrderSummary): RfmMetrics | null {
  if (summary.kept === 0 || summary.lastKeptAt === null) return null;
  return { lastOrderAt: summary.lastKeptAt, frequency: summary.kept, monetary: summary.spent };
}

/** A growable sorted column of numbers. */
class SortedColumn {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  static fromUnsorted(values: Float64Array, length: number): SortedColumn {
    const c = new SortedColumn(length);
    c.data.set(values.subarray(0, length));
    c.length = length;
    c.data.subarray(0, length).sort();
    return c;
  }

  /** Count of values strictly below `v`. */
  countBelow(v: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const at = this.countBelow(v);
    this.data.copyWithin(at + 1, at, this.length);
    this.data[at] = v;
    this.length += 1;
  }

  remove(v: number): void {
    const at = this.countBelow(v);
    if (at >= this.length || this.data[at] !== v) return;
    this.data.copyWithin(at, at + 1, this.length);
    this.length -= 1;
  }
}

/** 1..5: the quintile of a value among `length` values, `below` of which are smaller. */
export function quintileScore(below: number, length: number): number {
  if (length <= 0) return 1;
  return Math.min(5, 1 + Math.floor((5 * below) / length));
}

export class RfmIndex {
  private readonly byId = new Map<string, RfmMetrics>();
  private r = new SortedColumn();
  private f = new SortedColumn();
  private m = new SortedColumn();

  /** Build from every customer at once (three sorts). Null metrics are skipped. */
  static from(entries: Iterable<readonly [string, RfmMetrics | null]>): RfmIndex {
    const index = new RfmIndex();
    for (const [id, metrics] of entries) if (metrics) index.byId.set(id, metrics);
    const n = index.byId.size;
    const rs = new Float64Array(n);
    const fs = new Float64Array(n);
    const ms = new Float64Array(n);
    let i = 0;
    for (const v of index.byId.values()) {
      rs[i] = v.lastOrderAt;
      fs[i] = v.frequency;
      ms[i] = v.monetary;
      i++;
    }
    index.r = SortedColumn.fromUnsorted(rs, n);
    index.f = SortedColumn.fromUnsorted(fs, n);
    index.m = SortedColumn.fromUnsorted(ms, n);
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): RfmMetrics | undefined {
    return this.byId.get(id);
  }

  /** Add, replace or (with null) drop one customer's metrics. */
  upsert(id: string, metrics: RfmMetrics | null): void {
    this.remove(id);
    if (!metrics) return;
    this.byId.set(id, metrics);
    this.r.insert(metrics.lastOrderAt);
    this.f.insert(metrics.frequency);
    this.m.insert(metrics.monetary);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    this.r.remove(old.lastOrderAt);
    this.f.remove(old.frequency);
    this.m.remove(old.monetary);
  }

  /** Scores of any metrics against the current population (more recent = higher R). */
  score(metrics: RfmMetrics): RfmScore {
    const n = this.byId.size;
    return {
      r: quintileScore(this.r.countBelow(metrics.lastOrderAt), n),
      f: quintileScore(this.f.countBelow(metrics.frequency), n),
      m: quintileScore(this.m.countBelow(metrics.monetary), n),
      population: n,
    };
  }

  /** Scores of an indexed customer, or undefined when they have no kept order. */
  scoreOf(id: string): RfmScore | undefined {
    const metrics = this.byId.get(id);
    return metrics ? this.score(metrics) : undefined;
  }
}

/**
 * The four quintile boundaries of each of R, F and M: what a whole RfmIndex knows about
 * scoring, in 12 numbers. Cheap to store and to read per conversation; scores from them
 * equal RfmIndex scores over the same population.
 */
export interface RfmCuts {
  r: number[];
  f: number[];
  m: number[];
  population: number;
}

/** Cut k (1..4) is the ceil(k·n/5)-th smallest value: a value above it scores above k. */
function cutsOf(sorted: Float64Array): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  return [1, 2, 3, 4].map((k) => sorted[Math.ceil((k * n) / 5) - 1]!);
}

export function rfmCuts(metrics: Iterable<RfmMetrics>): RfmCuts {
  const list = [...metrics];
  const n = list.length;
  const rs = new Float64Array(n);
  const fs = new Float64Array(n);
  const ms = new Float64Array(n);
  list.forEach((v, i) => {
    rs[i] = v.lastOrderAt;
    fs[i] = v.frequency;
    ms[i] = v.monetary;
  });
  return {
    r: cutsOf(rs.sort()),
    f: cutsOf(fs.sort()),
    m: cutsOf(ms.sort()),
    population: n,
  };
}

const scoreAgainst = (cuts: number[], v: number) =>
  cuts.length === 0 ? 1 : 1 + cuts.filter((c) => v > c).length;

/** Scores of `metrics` against stored cuts (same as RfmIndex.score at the time they were cut). */
export function scoreByCuts(cuts: RfmCuts, metrics: RfmMetrics): RfmScore {
  return {
    r: scoreAgainst(cuts.r, metrics.lastOrderAt),
    f: scoreAgainst(cuts.f, metrics.frequency),
    m: scoreAgainst(cuts.m, metrics.monetary),
    population: cuts.population,
  };
}
