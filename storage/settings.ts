// Shop settings kept in the `settings` table: recognition thresholds and whether message
// texts are kept. Reads never fail (a stored value an older release wrote with other
// limits falls back to the defaults); writes are validated and name the bad field.

import { DEFAULT_PIPELINE, type PipelineConfig, parsePipelineConfig } from '@/core/pipeline';
import {
  DEFAULT_RECOGNITION_SETTINGS,
  parseRecognitionSettings,
  type RecognitionSettings,
} from '@/core/settings';
import { DEFAULT_TIERS_CONFIG, parseTiersConfig, type TiersConfig } from '@/core/tiers';
import type { KqDb } from './db';
import { SYNC_CONNECTION_KEY } from './outbox';
import { RFM_CUTS_KEY, type StoredRfmCuts } from './rfm';

export const RECOGNITION_SETTINGS_KEY = 'recognition';
/** Off unless the shop turns it on: message texts are customer data we need not hold. */
export const KEEP_MESSAGE_TEXT_KEY = 'history.keepMessageText';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export async function recognitionSettingsOf(db: KqDb): Promise<RecognitionSettings> {
  const row = await db.settings.get(RECOGNITION_SETTINGS_KEY);
  const parsed = parseRecognitionSettings(row?.value);
  return parsed.ok ? parsed.settings : DEFAULT_RECOGNITION_SETTINGS;
}

/** Validates and stores recognition thresholds; missing fields take the defaults. */
export async function saveRecognitionSettings(
  db: KqDb,
  input: unknown,
): Promise<RecognitionSettings> {
  const parsed = parseRecognitionSettings(input);
  if (!parsed.ok) throw new SettingsError(parsed.issues.map((i) => i.message).join('; '));
  await db.settings.put({ key: RECOGNITION_SETTINGS_KEY, value: parsed.settings });
  return parsed.settings;
}

export async function keepsMessageText(db: KqDb): Promise<boolean> {
  return (await db.settings.get(KEEP_MESSAGE_TEXT_KEY))?.value === true;
}

/**
 * Turns keeping message texts on or off. Turning it off also deletes every text kept so
 * far, in the same transaction: "off" means we hold none.
 */
export async function setKeepMessageText(db: KqDb, keep: boolean): Promise<void> {
  await db.transaction('rw', [db.settings, db.messages], async () => {
    await db.settings.put({ key: KEEP_MESSAGE_TEXT_KEY, value: keep });
    if (!keep) await db.messages.clear();
  });
}

/** What every snapshot needs from `settings`, in one round trip. */
export interface ConversationSettings {
  /** A team server is connected: writes queue their mutations. */
  connected: boolean;
  keepText: boolean;
  recognition: RecognitionSettings;
  rfmCuts: StoredRfmCuts | undefined;
  /** The shop's pipeline stages and loyalty tiers (issue 9). */
  pipeline: PipelineConfig;
  tiers: TiersConfig;
}

// Pipeline and tiers (issue 9): the manager's stages and tier ladder.
export const PIPELINE_KEY = 'pipeline.stages';
export const TIERS_KEY = 'tiers';

/** Stored stages, or the defaults when none (or an unreadable value) is stored. */
export const pipelineOf = (value: unknown): PipelineConfig => {
  const r = parsePipelineConfig(value);
  return r.ok ? r.config : DEFAULT_PIPELINE;
};
export const tiersOf = (value: unknown): TiersConfig => {
  const r = parseTiersConfig(value);
  return r.ok ? r.config : DEFAULT_TIERS_CONFIG;
};

export async function conversationSettings(db: KqDb): Promise<ConversationSettings> {
  const [connection, keep, recognition, cuts, pipeline, tiers] = await db.settings.bulkGet([
    SYNC_CONNECTION_KEY,
    KEEP_MESSAGE_TEXT_KEY,
    RECOGNITION_SETTINGS_KEY,
    RFM_CUTS_KEY,
    PIPELINE_KEY,
    TIERS_KEY,
  ]);
  const parsed = parseRecognitionSettings(recognition?.value);
  return {
    connected: connection !== undefined,
    keepText: keep?.value === true,
    recognition: parsed.ok ? parsed.settings : DEFAULT_RECOGNITION_SETTINGS,
    rfmCuts: cuts?.value as StoredRfmCuts | undefined,
    pipeline: pipelineOf(pipeline?.value),
    tiers: tiersOf(tiers?.value),
  };
}
