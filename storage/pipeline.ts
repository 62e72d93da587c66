// Pipeline stages and loyalty tiers in storage (issue 9): each customer's stage row (v8
// `stages`), the moves signals make while a conversation is recorded, the agent's choice
// (synced as `customer.stage`, last writer wins), the manager's settings, and the board.
import type { CustomerView } from '@/core/customer-view';
import type { OrderFacts } from '@/core/orders';
import {
  advanceBySignals,
  currentStage,
  type PipelineConfig,
  parsePipelineConfig,
  type StageMove,
  setStageByAgent,
  signalsOf,
} from '@/core/pipeline';
import { compareHlc } from '@/core/sync/hlc';
import { parseTiersConfig, type TierStanding, type TiersConfig } from '@/core/tiers';
import type { TimelineEntry } from '@/core/timeline';
import type { KqDb } from './db';
import { enqueueMany, outboxTables, stamp } from './outbox';
import type { StageRow } from './schema';
import { PIPELINE_KEY, pipelineOf, TIERS_KEY, tiersOf } from './settings';

export class PipelineError extends Error {
  override name = 'PipelineError';
}

/**
 * The stage row after the signals the customer's records give now (a phone on record, their
 * orders); the same row when nothing moves. `phoneAt`: when a phone counts as given (now).
 */
export function stageAfterSignals(
  row: StageRow | undefined,
  input: { customerId: string; phones: readonly string[]; orders: readonly OrderFacts[] },
  config: PipelineConfig,
  now: number,
): StageRow | undefined {
  const signals = signalsOf({
    hasPhone: input.phones.length > 0,
    phoneAt: now,
    orders: input.orders,
  });
  const next = advanceBySignals(row, input.customerId, signals, config);
  if (next === row) return row;
  return row?.hlc && next ? { ...next, hlc: row.hlc } : next;
}

/** What the view says about the tier (what the sidebar shows next to the badge). */
export function tierView(standing: TierStanding): NonNullable<CustomerView['tier']> {
  return {
    id: standing.tier.id,
    name: standing.tier.name,
    ...(standing.next ? { next: standing.next } : {}),
  };
}

/** The stage part of the view, and the stage list for the menu. */
export function stageView(
  config: PipelineConfig,
  row: StageRow | undefined,
): Pick<CustomerView, 'stage' | 'stages'> {
  const stage = currentStage(config, row);
  return {
    stage: { id: stage.id, name: stage.name, setBy: row ? row.setBy : 'none' },
    stages: config.stages.map((s) => ({ id: s.id, name: s.name })),
  };
}

/** The customer's stage moves as history entries. */
export function stageEntries(
  config: PipelineConfig,
  row: StageRow | undefined,
): Extract<TimelineEntry, { kind: 'stage' }>[] {
  if (!row) return [];
  const names = new Map(config.stages.map((s) => [s.id, s.name]));
  return row.history.map((m: StageMove, i) => ({
    kind: 'stage',
    id: `${row.customerId}:${i}`,
    at: m.at,
    stageId: m.stageId,
    stageName: names.get(m.stageId) ?? null,
    ...(m.from !== undefined ? { fromName: names.get(m.from) ?? null } : {}),
    setBy: m.setBy,
    ...(m.signal ? { signal: m.signal } : {}),
    ...(m.by ? { by: m.by } : {}),
  }));
}

/**
 * The agent picks a stage for a customer: stored, in the history, and queued for the team
 * server (`customer.stage`, last writer wins) in one transaction.
 */
export async function setStage(
  db: KqDb,
  customerId: string,
  stageId: string,
  now: number,
  by?: string,
): Promise<StageRow> {
  return db.transaction('rw', [db.stages, db.customers, ...outboxTables(db)], async () => {
    const [customer, row, stored] = await Promise.all([
      db.customers.get(customerId),
      db.stages.get(customerId),
      db.settings.get(PIPELINE_KEY),
    ]);
    if (!customer) throw new PipelineError(`setStage: customerId: no customer ${customerId}`);
    const config = pipelineOf(stored?.value);
    if (!config.stages.some((s) => s.id === stageId)) {
      throw new PipelineError(
        `setStage: stageId: "${stageId}" is not a stage (${config.stages.map((s) => s.id).join(', ')})`,
      );
    }
    const mutation = stamp('customer.stage', {
      customerId,
      stageId,
      setBy: 'agent',
      at: now,
      ...(by ? { by: by.slice(0, 120) } : {}),
    });
    const next: StageRow = {
      ...setStageByAgent(row, customerId, stageId, now, by, config),
      hlc: mutation.hlc,
    };
    await Promise.all([db.stages.put(next), enqueueMany(db, [mutation], now)]);
    return next;
  });
}

/**
 * A teammate's choice pulled from the team server: taken when it is newer (by HLC) than
 * the one this row holds. Call inside a transaction over `stages` and `settings`.
 */
export async function applyRemoteStage(
  db: KqDb,
  input: { customerId: string; stageId: string; by?: string; at: number; hlc: string },
): Promise<boolean> {
  const [row, stored] = await Promise.all([
    db.stages.get(input.customerId),
    db.settings.get(PIPELINE_KEY),
  ]);
  if (row?.hlc && compareHlc(row.hlc, input.hlc) >= 0) return false;
  const config = pipelineOf(stored?.value);
  const next = setStageByAgent(row, input.customerId, input.stageId, input.at, input.by, config);
  await db.stages.put({ ...next, hlc: input.hlc });
  return true;
}

export async function pipelineSettings(
  db: KqDb,
): Promise<{ pipeline: PipelineConfig; tiers: TiersConfig }> {
  const [p, t] = await db.settings.bulkGet([PIPELINE_KEY, TIERS_KEY]);
  return { pipeline: pipelineOf(p?.value), tiers: tiersOf(t?.value) };
}

/** Validates and stores the stages; the error names each bad field. */
export async function savePipeline(db: KqDb, input: unknown): Promise<PipelineConfig> {
  const r = parsePipelineConfig(input);
  if (!r.ok) throw new PipelineError(r.issues.map((i) => i.message).join('; '));
  await db.settings.put({ key: PIPELINE_KEY, value: r.config });
  return r.config;
}

/** Validates and stores the tiers; the error names each bad field. */
export async function saveTiers(db: KqDb, input: unknown): Promise<TiersConfig> {
  const r = parseTiersConfig(input);
  if (!r.ok) throw new PipelineError(r.issues.map((i) => i.message).join('; '));
  await db.settings.put({ key: TIERS_KEY, value: r.config });
  return r.config;
}
