// Where customers get stuck: for a period, how many reached each stage, what share of them
// went on to the next, and the median days they stood in each stage. Pure.
//
// A customer "reaches" stage i at the first time they stood in stage i or any later one
// (a customer who jumped from Quan tâm to Chốt đơn passed Đã tư vấn at that moment). The
// first stage is reached when the customer was first seen. Counting is by cohort: those who
// reached stage i within the period, and of them, those who reached stage i + 1 by the end
// of the period.
import type { PipelineConfig, StageMove } from './pipeline';

export interface StageStatsInput {
  /** When the customer was first seen: they stand in the first stage from then. */
  firstSeenAt: number;
  /** Their moves, oldest first (absent/empty: still in the first stage). */
  history?: readonly StageMove[];
}

export interface StageStats {
  stageId: string;
  /** Customers who reached this stage within the period. */
  reached: number;
  /** Of those, reached the next stage by the end of the period (absent for the last stage). */
  advanced?: number;
  /** advanced / reached, 0..1; null when nobody reached this stage. */
  conversion?: number | null;
  /** Median whole-and-fractional days spent here by those who moved on; null if none did. */
  medianDays: number | null;
  /** Of those who reached it in the period, still here at the end. */
  stillHere: number;
}

const DAY = 86_400_000;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** For each stage rank, the first time the customer reached it or a later one (≤ `to`). */
export function reachTimes(
  config: PipelineConfig,
  input: StageStatsInput,
  to: number,
): (number | undefined)[] {
  const rank = new Map(config.stages.map((s, i) => [s.id, i]));
  const n = config.stages.length;
  const first: (number | undefined)[] = new Array(n).fill(undefined);
  if (input.firstSeenAt <= to) first[0] = input.firstSeenAt;
  for (const m of input.history ?? []) {
    if (m.at > to) break;
    const r = rank.get(m.stageId);
    if (r === undefined) continue;
    if (first[r] === undefined || m.at < first[r]!) first[r] = m.at;
  }
  // Reaching a later stage reaches every earlier one at that moment.
  for (let i = n - 2; i >= 0; i--) {
    const later = first[i + 1];
    if (later !== undefined && (first[i] === undefined || later < first[i]!)) first[i] = later;
  }
  return first;
}

/** Current stage rank at `to` by the moves up to then (agents may move back). */
function rankAt(config: PipelineConfig, input: StageStatsInput, to: number): number {
  let r = 0;
  for (const m of input.history ?? []) {
    if (m.at > to) break;
    const i = config.stages.findIndex((s) => s.id === m.stageId);
    if (i >= 0) r = i;
  }
  return r;
}

export function pipelineStats(
  config: PipelineConfig,
  customers: Iterable<StageStatsInput>,
  period: { from: number; to: number },
): StageStats[] {
  const n = config.stages.length;
  const reached = new Array<number>(n).fill(0);
  const advanced = new Array<number>(n).fill(0);
  const stillHere = new Array<number>(n).fill(0);
  const days: number[][] = Array.from({ length: n }, () => []);
  for (const c of customers) {
    const first = reachTimes(config, c, period.to);
    const now = rankAt(config, c, period.to);
    for (let i = 0; i < n; i++) {
      const at = first[i];
      if (at === undefined || at < period.from || at > period.to) continue;
      reached[i]! += 1;
      if (now === i) stillHere[i]! += 1;
      const next = first[i + 1];
      if (i + 1 < n && next !== undefined) {
        advanced[i]! += 1;
        // Passing straight through (same instant) is not standing in the stage.
        if (next > at) days[i]!.push((next - at) / DAY);
      }
    }
  }
  return config.stages.map((s, i) => {
    const last = i === n - 1;
    return {
      stageId: s.id,
      reached: reached[i]!,
      ...(last
        ? {}
        : {
            advanced: advanced[i]!,
            conversion: reached[i]! ? advanced[i]! / reached[i]! : null,
          }),
      medianDays: median(days[i]!),
      stillHere: stillHere[i]!,
    };
  });
}
