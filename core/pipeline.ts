// The sales pipeline: stages the manager defines (Quan tâm → Đã tư vấn → Chốt đơn → Đã nhận
// hàng → Khách thân thiết by default), where each customer stands, and the signals that move
// a customer forward on their own (a phone number given, an order, a delivery, a second
// order). A signal never moves anyone backwards, and once an agent picks a stage by hand,
// signals leave it alone until the agent picks again. Pure.
import * as z from 'zod/mini';
import {
  type FieldIssue,
  fieldIssues,
  ListEntryIdSchema,
  ListEntryNameSchema,
  repeatedIdsAndNames,
} from './field-issues';
import type { OrderFacts } from './orders';

export const STAGE_SIGNALS = ['phone', 'order', 'delivered', 'repeat-order'] as const;
export type StageSignal = (typeof STAGE_SIGNALS)[number];

export const StageIdSchema = ListEntryIdSchema;

export const StageSchema = z.strictObject({
  id: StageIdSchema,
  name: ListEntryNameSchema,
  /** The signal that moves a customer into this stage, if any. */
  signal: z.optional(
    z.enum(STAGE_SIGNALS, {
      error: `signal must be one of ${STAGE_SIGNALS.join(', ')}`,
    }),
  ),
});
export type Stage = z.infer<typeof StageSchema>;

export const PipelineConfigSchema = z.strictObject({
  /** In funnel order; a customer nobody moved yet stands in the first. */
  stages: z
    .array(StageSchema, { error: 'stages must be a list' })
    .check(
      z.minLength(2, { error: 'stages must hold at least 2 stages' }),
      z.maxLength(12, { error: 'stages must hold at most 12 stages' }),
    ),
});
export type PipelineConfig = z.infer<typeof PipelineConfigSchema>;

export const DEFAULT_PIPELINE: PipelineConfig = Object.freeze({
  stages: [
    { id: 'interested', name: 'Quan tâm' },
    { id: 'consulted', name: 'Đã tư vấn', signal: 'phone' },
    { id: 'ordered', name: 'Chốt đơn', signal: 'order' },
    { id: 'received', name: 'Đã nhận hàng', signal: 'delivered' },
    { id: 'loyal', name: 'Khách thân thiết', signal: 'repeat-order' },
  ],
}) as PipelineConfig;

export type PipelineIssue = FieldIssue;

export type PipelineConfigResult =
  | { ok: true; config: PipelineConfig }
  | { ok: false; issues: PipelineIssue[] };

/** Stored or submitted stages → a config; each issue names its field (`stages.2.name`). */
export function parsePipelineConfig(input: unknown): PipelineConfigResult {
  if (input === undefined || input === null) {
    return { ok: true, config: { stages: DEFAULT_PIPELINE.stages.map((s) => ({ ...s })) } };
  }
  const r = PipelineConfigSchema.safeParse(input);
  if (!r.success) {
    return { ok: false, issues: fieldIssues(r.error, 'a pipeline setting') };
  }
  const issues: PipelineIssue[] = [];
  issues.push(...repeatedIdsAndNames(r.data.stages, 'stages', 'stage'));
  const signals = new Map<string, number>();
  r.data.stages.forEach((stage, i) => {
    if (stage.signal) {
      const at = signals.get(stage.signal);
      if (at !== undefined) {
        issues.push({
          field: `stages.${i}.signal`,
          message: `stages.${i}.signal: "${stage.signal}" already moves customers into stage ${at + 1}`,
        });
      } else signals.set(stage.signal, i);
    }
  });
  if (issues.length) return { ok: false, issues };
  return { ok: true, config: r.data };
}

/** One move of a customer from one stage to another. */
export interface StageMove {
  /** The stage moved into. */
  stageId: string;
  /** The stage left; absent for the first move out of the implicit first stage. */
  from?: string;
  setBy: 'agent' | 'signal';
  signal?: StageSignal;
  /** Agent's name, when an agent moved it and a name is known. */
  by?: string;
  at: number;
}

/** Where one customer stands (stored per customer; absent = the first stage, untouched). */
export interface StageState {
  customerId: string;
  stageId: string;
  setBy: 'agent' | 'signal';
  signal?: StageSignal;
  by?: string;
  at: number;
  /** Every move, oldest first. */
  history: StageMove[];
}

/** What moved a customer, with when: derived from their phones and orders. */
export interface SignalFact {
  signal: StageSignal;
  at: number;
}

/**
 * The signals a customer's records give: a phone number (at `phoneAt`, when they gave it or
 * when we first knew), the first order, the first delivered order, the second order. Orders
 * cancelled never count.
 */
export function signalsOf(input: {
  hasPhone: boolean;
  phoneAt: number;
  orders: readonly OrderFacts[];
}): SignalFact[] {
  const out: SignalFact[] = [];
  if (input.hasPhone) out.push({ signal: 'phone', at: input.phoneAt });
  if (input.orders.length === 0) return out;
  const placed = input.orders
    .filter((o) => o.status !== 'cancelled')
    .sort((a, b) => a.placedAt - b.placedAt);
  if (placed[0]) out.push({ signal: 'order', at: placed[0].placedAt });
  const delivered = placed.find((o) => o.status === 'delivered');
  if (delivered) out.push({ signal: 'delivered', at: delivered.placedAt });
  if (placed[1]) out.push({ signal: 'repeat-order', at: placed[1].placedAt });
  return out;
}

/** A stage's position; an unknown (removed) stage counts as the first. */
export function stageRank(config: PipelineConfig, stageId: string | undefined): number {
  if (stageId === undefined) return 0;
  return Math.max(
    0,
    config.stages.findIndex((s) => s.id === stageId),
  );
}

const targets = new WeakMap<PipelineConfig, Map<StageSignal, number>>();
/** Which stage each signal moves into, by position (cached per config: the board asks 100k times). */
function signalTargets(config: PipelineConfig): Map<StageSignal, number> {
  let map = targets.get(config);
  if (!map) {
    map = new Map();
    for (const [i, s] of config.stages.entries()) if (s.signal) map.set(s.signal, i);
    targets.set(config, map);
  }
  return map;
}

/**
 * The state after the signals: each signal whose stage is further than where the customer
 * stands moves them there (in the signals' time order, so the history keeps each step);
 * nothing moves backwards, and an agent's choice is left alone. Returns the same object
 * when nothing moved.
 */
export function advanceBySignals(
  state: StageState | undefined,
  customerId: string,
  signals: readonly SignalFact[],
  config: PipelineConfig,
): StageState | undefined {
  if (state?.setBy === 'agent' || signals.length === 0) return state;
  const target = signalTargets(config);
  const ordered = [...signals].sort(
    (a, b) => a.at - b.at || (target.get(a.signal) ?? 0) - (target.get(b.signal) ?? 0),
  );
  let next = state;
  let rank = stageRank(config, state?.stageId);
  for (const s of ordered) {
    const to = target.get(s.signal);
    if (to === undefined || to <= rank) continue;
    const stage = config.stages[to]!;
    const from = next?.stageId ?? config.stages[0]!.id;
    const at = Math.max(s.at, next?.at ?? Number.NEGATIVE_INFINITY);
    const move: StageMove = { stageId: stage.id, from, setBy: 'signal', signal: s.signal, at };
    next = {
      customerId,
      stageId: stage.id,
      setBy: 'signal',
      signal: s.signal,
      at,
      history: [...(next?.history ?? []), move],
    };
    rank = to;
  }
  return next;
}

/** The agent picks a stage: it wins over every later signal until the agent picks again. */
export function setStageByAgent(
  state: StageState | undefined,
  customerId: string,
  stageId: string,
  at: number,
  by?: string,
  config?: PipelineConfig,
): StageState {
  const from = state?.stageId ?? config?.stages[0]?.id;
  const move: StageMove = {
    stageId,
    ...(from !== undefined && from !== stageId ? { from } : {}),
    setBy: 'agent',
    ...(by ? { by } : {}),
    at,
  };
  return {
    customerId,
    stageId,
    setBy: 'agent',
    ...(by ? { by } : {}),
    at,
    history: [...(state?.history ?? []), move],
  };
}

/** The stage a state stands in, as the config names it (a removed stage → the first). */
export function currentStage(config: PipelineConfig, state: StageState | undefined): Stage {
  const found = state ? config.stages.find((s) => s.id === state.stageId) : undefined;
  return found ?? config.stages[0]!;
}

/** The stage after `stageId` (for the shortcut), or null at the end. */
export function nextStage(config: PipelineConfig, stageId: string): Stage | null {
  return config.stages[stageRank(config, stageId) + 1] ?? null;
}
