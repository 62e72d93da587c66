// Background handlers for the shop's recognition settings (options page): thresholds that
// decide VIP and lapsed, and whether message texts are kept. Validated, each bad field named.
import * as z from 'zod/mini';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import type { RecognitionSettings } from '@/core/settings';
import type { KqDb } from './db';
import {
  keepsMessageText,
  recognitionSettingsOf,
  saveRecognitionSettings,
  setKeepMessageText,
} from './settings';

export interface RecognitionOverview {
  settings: RecognitionSettings;
  keepText: boolean;
}

const KeepTextSchema = z.object({ keep: z.boolean() });

export async function handleGetRecognition(db: KqDb): Promise<RecognitionOverview> {
  const [settings, keepText] = await Promise.all([recognitionSettingsOf(db), keepsMessageText(db)]);
  return { settings, keepText };
}

/** A partial change on top of what is stored; the whole result is validated. */
export async function handleSaveRecognition(
  db: KqDb,
  input: unknown,
): Promise<Result<{ settings: RecognitionSettings }>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refusal('bad settings: expected an object');
  try {
    const current = await recognitionSettingsOf(db);
    return { ok: true, settings: await saveRecognitionSettings(db, { ...current, ...input }) };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleSetKeepText(db: KqDb, input: unknown): Promise<Result> {
  const parsed = KeepTextSchema.safeParse(input);
  if (!parsed.success) return refusal(`bad setting: ${describeIssues(parsed.error)}`);
  try {
    await setKeepMessageText(db, parsed.data.keep);
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}
