// Background handlers for the pipeline and loyalty tiers (issue 9): the agent's choice of
// stage (sidebar, board), the manager's stages and tiers, and the board. Every payload is
// validated and a bad one is refused with the field named; nothing throws across.
import * as z from 'zod/mini';
import type { PipelineConfig } from '@/core/pipeline';
import { type PipelineBoard, PipelineBoardRequestSchema } from '@/core/pipeline-board';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import type { TiersConfig } from '@/core/tiers';
import { systemClock } from './conversations';
import type { KqDb } from './db';
import { pipelineSettings, savePipeline, saveTiers, setStage } from './pipeline';
import { pipelineBoard } from './pipeline-board';

const Id = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'expected an id: 1-200 of A-Z a-z 0-9 _ . : -'));
export const SetStageSchema = z.strictObject({ customerId: Id, stageId: Id });

export async function handleSetStage(
  db: KqDb,
  input: unknown,
  now: number,
  by?: string,
): Promise<Result<{ stageId: string }>> {
  const parsed = SetStageSchema.safeParse(input);
  if (!parsed.success) return refusal(`setStage: bad request: ${describeIssues(parsed.error)}`);
  try {
    const row = await setStage(db, parsed.data.customerId, parsed.data.stageId, now, by);
    return { ok: true, stageId: row.stageId };
  } catch (error) {
    return refusal(error);
  }
}

export const handleGetPipelineSettings = (db: KqDb) => pipelineSettings(db);

export async function handleSavePipeline(
  db: KqDb,
  input: unknown,
): Promise<Result<{ pipeline: PipelineConfig }>> {
  try {
    return { ok: true, pipeline: await savePipeline(db, input ?? {}) };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleSaveTiers(
  db: KqDb,
  input: unknown,
): Promise<Result<{ tiers: TiersConfig }>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refusal('saveTiers: bad tiers: expected an object');
  try {
    return { ok: true, tiers: await saveTiers(db, input) };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleGetPipelineBoard(
  db: KqDb,
  input: unknown,
  now: number,
): Promise<Result<PipelineBoard>> {
  const parsed = PipelineBoardRequestSchema.safeParse(input);
  if (!parsed.success)
    return refusal(`getPipelineBoard: bad request: ${describeIssues(parsed.error)}`);
  if (parsed.data.from > parsed.data.to)
    return refusal('getPipelineBoard: bad request: from: must not be after to');
  try {
    // Days are this machine's (the options page picks them in the same time zone).
    return {
      ok: true,
      ...(await pipelineBoard(db, parsed.data, now, systemClock.utcOffsetMinutes())),
    };
  } catch (error) {
    return refusal(error);
  }
}
