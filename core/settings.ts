// Recognition thresholds a shop can tune. Validated with zod/mini; a bad value is rejected
// with the name of the field, never silently replaced.
import * as z from 'zod/mini';
import { type FieldIssue, fieldIssues } from './field-issues';

const wholeNumber = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .check(
      z.int({ error: `${field} must be a whole number` }),
      z.gte(min, { error: `${field} must be at least ${min}` }),
      z.lte(max, { error: `${field} must be at most ${max}` }),
    );

export const RecognitionSettingsSchema = z.strictObject({
  /** A customer whose last order is older than this many days is `lapsed`. */
  lapsedAfterDays: wholeNumber('lapsedAfterDays', 1, 3650),
  /** R + F + M (each 1..5) at or above this makes a customer `vip`. */
  vipMinRfmScore: wholeNumber('vipMinRfmScore', 3, 15),
  /** …provided their recency score is at least this (an old big spender is not VIP). */
  vipMinRecencyScore: wholeNumber('vipMinRecencyScore', 1, 5),
  /** Quintiles mean nothing over a handful of customers: below this, no RFM VIP. */
  rfmMinCustomers: wholeNumber('rfmMinCustomers', 5, 10_000_000),
  /** Label names that mark a VIP, compared without diacritics or case. */
  vipLabels: z
    .array(
      z
        .string({ error: 'vipLabels must hold label names' })
        .check(
          z.trim(),
          z.minLength(1, { error: 'vipLabels must not hold an empty name' }),
          z.maxLength(60, { error: 'vipLabels names must be at most 60 characters' }),
        ),
      { error: 'vipLabels must be a list of label names' },
    )
    .check(z.maxLength(20, { error: 'vipLabels must hold at most 20 names' })),
});
export type RecognitionSettings = z.infer<typeof RecognitionSettingsSchema>;

export const DEFAULT_RECOGNITION_SETTINGS: RecognitionSettings = Object.freeze({
  lapsedAfterDays: 90,
  vipMinRfmScore: 13,
  vipMinRecencyScore: 3,
  rfmMinCustomers: 20,
  vipLabels: ['VIP'],
}) as RecognitionSettings;

export type SettingsIssue = FieldIssue;

export type SettingsResult =
  | { ok: true; settings: RecognitionSettings }
  | { ok: false; issues: SettingsIssue[] };

/**
 * Stored or submitted settings → full settings. Missing fields take the defaults; unknown
 * fields and bad values are rejected, each issue naming its field.
 */
export function parseRecognitionSettings(input: unknown): SettingsResult {
  if (input === undefined || input === null) {
    return { ok: true, settings: { ...DEFAULT_RECOGNITION_SETTINGS } };
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, issues: [{ field: '(root)', message: 'settings must be an object' }] };
  }
  const merged = { ...DEFAULT_RECOGNITION_SETTINGS, ...(input as Record<string, unknown>) };
  const r = RecognitionSettingsSchema.safeParse(merged);
  if (r.success) return { ok: true, settings: r.data };
  return { ok: false, issues: fieldIssues(r.error, 'a setting') };
}

/** Like parseRecognitionSettings, but throws one error listing every bad field. */
export function recognitionSettings(input: unknown): RecognitionSettings {
  const r = parseRecognitionSettings(input);
  if (r.ok) return r.settings;
  throw new Error(`Invalid recognition settings: ${r.issues.map((i) => i.message).join('; ')}`);
}

/** How replies are filled and offered; separate from recognition, edited on the options page. */
export const ReplySettingsSchema = z.strictObject({
  /** `{ten_shop}`; empty: the variable's default ("shop"). */
  shopName: z
    .string({ error: 'shopName must be text' })
    .check(z.trim(), z.maxLength(80, { error: 'shopName must be at most 80 characters' })),
  /** `{ten_nhan_vien}` when no team server is connected (connected: the member's name). */
  agentName: z
    .string({ error: 'agentName must be text' })
    .check(z.trim(), z.maxLength(80, { error: 'agentName must be at most 80 characters' })),
  /** "/ship" typed in the host composer expands the template with that shortcut. */
  slashShortcuts: z.boolean({ error: 'slashShortcuts must be true or false' }),
});
export type ReplySettings = z.infer<typeof ReplySettingsSchema>;

export const DEFAULT_REPLY_SETTINGS: ReplySettings = Object.freeze({
  shopName: '',
  agentName: '',
  slashShortcuts: true,
}) as ReplySettings;

/** Stored or submitted reply settings; missing fields take the defaults. */
export function parseReplySettings(
  input: unknown,
): { ok: true; settings: ReplySettings } | { ok: false; error: string } {
  if (input === undefined || input === null)
    return { ok: true, settings: { ...DEFAULT_REPLY_SETTINGS } };
  if (typeof input !== 'object' || Array.isArray(input))
    return { ok: false, error: 'reply settings must be an object' };
  const r = ReplySettingsSchema.safeParse({ ...DEFAULT_REPLY_SETTINGS, ...input });
  if (r.success) return { ok: true, settings: r.data };
  return {
    ok: false,
    error: r.error.issues
      .map((i) =>
        i.code === 'unrecognized_keys' ? `${i.keys.join(', ')} is not a setting` : i.message,
      )
      .join('; '),
  };
}
