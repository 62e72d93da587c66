// The care rules a manager switches on and tunes: which follow-ups the queue makes, how
// many days after what, with which template, the shop's opening hours (for "unanswered")
// and quiet hours (no notification). Validated with zod/mini; every error names its field.
import * as z from 'zod/mini';
import { type FieldIssue, fieldIssues } from '../field-issues';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const time = (field: string) =>
  z
    .string({ error: `${field} must be a time like 08:00` })
    .check(z.regex(HHMM, { error: `${field} must be a time like 08:00 (00:00-23:59)` }));
const whole = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .check(
      z.int({ error: `${field} must be a whole number` }),
      z.gte(min, { error: `${field} must be at least ${min}` }),
      z.lte(max, { error: `${field} must be at most ${max}` }),
    );
const on = (field: string) => z.boolean({ error: `${field}.on must be true or false` });
const templateId = (field: string) =>
  z.optional(
    z
      .string({ error: `${field}.templateId must be a template id` })
      .check(z.minLength(1, { error: `${field}.templateId must not be empty` }), z.maxLength(200)),
  );

export const CareRulesSchema = z.strictObject({
  /** N days after an order was delivered: thank the customer. */
  thankYou: z.strictObject({
    on: on('thankYou'),
    days: whole('thankYou.days', 0, 365),
    templateId: templateId('thankYou'),
  }),
  /** N days after delivery: ask how it went. */
  checkIn: z.strictObject({
    on: on('checkIn'),
    days: whole('checkIn.days', 0, 365),
    templateId: templateId('checkIn'),
  }),
  birthday: z.strictObject({ on: on('birthday'), templateId: templateId('birthday') }),
  tierUp: z.strictObject({ on: on('tierUp'), templateId: templateId('tierUp') }),
  /** Turned lapsed by the recognition threshold (`lapsedAfterDays`). */
  winBack: z.strictObject({ on: on('winBack'), templateId: templateId('winBack') }),
  reminder: z.strictObject({ on: on('reminder') }),
  /** The customer's message waited this many minutes of opening hours for an answer. */
  unanswered: z.strictObject({
    on: on('unanswered'),
    minutes: whole('unanswered.minutes', 1, 24 * 60),
    templateId: templateId('unanswered'),
  }),
  /** Shop-local opening hours (`from` before `to`, same day). */
  openingHours: z.strictObject({ from: time('openingHours.from'), to: time('openingHours.to') }),
  /** No browser notification in this window (it may wrap midnight); the badge still counts. */
  quietHours: z.strictObject({
    on: on('quietHours'),
    from: time('quietHours.from'),
    to: time('quietHours.to'),
  }),
  /** The shop's clock: minutes east of UTC (Asia/Ho_Chi_Minh: 420, no DST). */
  utcOffsetMinutes: whole('utcOffsetMinutes', -720, 840),
});
export type CareRules = z.infer<typeof CareRulesSchema>;

export const DEFAULT_CARE_RULES: CareRules = {
  thankYou: { on: true, days: 3, templateId: 'builtin.thanks-order' },
  checkIn: { on: true, days: 7, templateId: 'builtin.thanks-regular' },
  birthday: { on: true },
  tierUp: { on: true },
  winBack: { on: true, templateId: 'builtin.winback-lapsed' },
  reminder: { on: true },
  unanswered: { on: true, minutes: 15 },
  openingHours: { from: '08:00', to: '21:00' },
  quietHours: { on: true, from: '21:30', to: '07:30' },
  utcOffsetMinutes: 420,
};

export type CareRulesIssue = FieldIssue;
export type CareRulesResult =
  | { ok: true; rules: CareRules }
  | { ok: false; issues: CareRulesIssue[]; error: string };

/** The rules, in the order the options page lists them. */
export const CARE_RULE_KEYS = [
  'thankYou',
  'checkIn',
  'birthday',
  'tierUp',
  'winBack',
  'reminder',
  'unanswered',
] as const;
export type CareRuleKey = (typeof CARE_RULE_KEYS)[number];

/** Every object-valued setting, merged field by field over the defaults. */
const RULE_KEYS = [...CARE_RULE_KEYS, 'openingHours', 'quietHours'] as const;

/** Minutes since midnight of an `HH:MM`. */
export const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Stored or submitted rules → full rules. Each rule given replaces only the fields it
 * names (missing ones take the defaults); unknown fields, impossible values, opening hours
 * that end before they start, and a template id not among `knownTemplateIds` (deleted) are
 * refused, each issue naming its field.
 */
export function validateCareRules(
  input: unknown,
  knownTemplateIds?: ReadonlySet<string> | readonly string[],
): CareRulesResult {
  const fail = (issues: CareRulesIssue[]): CareRulesResult => ({
    ok: false,
    issues,
    error: issues.map((i) => i.message).join('; '),
  });
  if (input === undefined || input === null)
    return { ok: true, rules: structuredClone(DEFAULT_CARE_RULES) };
  if (typeof input !== 'object' || Array.isArray(input))
    return fail([{ field: '(root)', message: 'care rules must be an object' }]);
  const given = input as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...DEFAULT_CARE_RULES, ...given };
  for (const key of RULE_KEYS) {
    const part = given[key];
    if (part !== undefined && part !== null && typeof part === 'object' && !Array.isArray(part))
      merged[key] = { ...DEFAULT_CARE_RULES[key], ...part };
  }
  const r = CareRulesSchema.safeParse(merged);
  if (!r.success) {
    return fail(fieldIssues(r.error, 'a care rule setting'));
  }
  const rules = r.data;
  const issues: CareRulesIssue[] = [];
  if (minutesOf(rules.openingHours.to) <= minutesOf(rules.openingHours.from))
    issues.push({
      field: 'openingHours.to',
      message: `openingHours.to (${rules.openingHours.to}) must be after openingHours.from (${rules.openingHours.from})`,
    });
  if (rules.quietHours.from === rules.quietHours.to)
    issues.push({
      field: 'quietHours.to',
      message: 'quietHours.to must differ from quietHours.from',
    });
  if (knownTemplateIds) {
    const known = knownTemplateIds instanceof Set ? knownTemplateIds : new Set(knownTemplateIds);
    for (const key of [
      'thankYou',
      'checkIn',
      'birthday',
      'tierUp',
      'winBack',
      'unanswered',
    ] as const) {
      const id = rules[key].templateId;
      // Only a template the manager chose is checked: an untouched default that the shop
      // deleted simply gives no suggested text.
      const chosen = (given[key] as { templateId?: unknown } | undefined)?.templateId !== undefined;
      if (id !== undefined && chosen && !known.has(id))
        issues.push({
          field: `${key}.templateId`,
          message: `${key}.templateId: no template "${id}" (deleted?)`,
        });
    }
  }
  return issues.length ? fail(issues) : { ok: true, rules };
}

/** Rules as stored: a row an older release wrote with other limits falls back to defaults. */
export function careRulesOf(stored: unknown): CareRules {
  const r = validateCareRules(stored);
  return r.ok ? r.rules : structuredClone(DEFAULT_CARE_RULES);
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Minutes since local midnight. */
const localMinutes = (at: number, offset: number) =>
  Math.floor(((((at + offset * MINUTE) % DAY) + DAY) % DAY) / MINUTE);

/** The epoch ms of the shop-local midnight that starts `at`'s day. */
export const localDayStart = (at: number, offset: number): number =>
  at - ((((at + offset * MINUTE) % DAY) + DAY) % DAY);

/**
 * When a message received at `at` has waited `minutes` of opening hours: time outside
 * [from, to) does not count (a message at 20:55 with 15 minutes due is due at 08:10 the
 * next morning).
 */
export function dueAfterOpenMinutes(
  at: number,
  minutes: number,
  hours: CareRules['openingHours'],
  offset: number,
): number {
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  let t = at;
  let left = minutes;
  for (let guard = 0; guard < 400; guard += 1) {
    const m = localMinutes(t, offset);
    const dayStart = localDayStart(t, offset);
    if (m < from) {
      t = dayStart + from * MINUTE;
      continue;
    }
    if (m >= to) {
      t = dayStart + DAY + from * MINUTE;
      continue;
    }
    const closeAt = dayStart + to * MINUTE;
    if (t + left * MINUTE <= closeAt) return t + left * MINUTE;
    left -= (closeAt - t) / MINUTE;
    t = dayStart + DAY + from * MINUTE;
  }
  return t;
}

/** Whether `now` falls in the quiet hours (a window may wrap midnight: 21:30-07:30). */
export function inQuietHours(
  now: number,
  rules: Pick<CareRules, 'quietHours' | 'utcOffsetMinutes'>,
): boolean {
  const q = rules.quietHours;
  if (!q.on) return false;
  const m = localMinutes(now, rules.utcOffsetMinutes);
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}
