// Which replies to offer first: the ones written for this kind of customer, for what their
// last message asks, and the ones this shop actually picks in that situation. Pure and
// deterministic; the background runs it on every resolved conversation, so it stays cheap
// (one pass over the templates, no allocation per usage row beyond one map).
import { type Intent, SOCIAL_INTENTS } from './intent';
import type { Status } from './status';
import {
  fillTemplate,
  type ReplySuggestion,
  type ReplyTemplate,
  type TemplateVars,
} from './templates';
import { MAX_INSERT_CHARS } from './wire-checks';

/** The usage context key of a message without a detected intent. */
export const NO_INTENT = 'none';
export type UsageIntent = Intent | typeof NO_INTENT;

/** How often a template was picked for a customer of `status` asking about `intent`. */
export interface ReplyUsage {
  templateId: string;
  status: Status;
  intent: UsageIntent;
  count: number;
}

/** The usage contexts one pick (or one ranking) stands for: each intent, or "none". */
export const usageIntents = (intents: readonly Intent[]): UsageIntent[] =>
  intents.length ? [...intents] : [NO_INTENT];

export interface RankInput {
  templates: readonly ReplyTemplate[];
  status: Status;
  intents: readonly Intent[];
  usage: readonly ReplyUsage[];
  vars: TemplateVars;
  /** At most this many suggestions (default 9: Alt+1…Alt+9). */
  limit?: number;
}

// Weights: a template written for what the customer asks beats one written for who they
// are, which beats shop habit on a handful of picks; heavy habit can still reorder.
const W_INTENT = 6;
const W_SOCIAL = 4;
const W_SOCIAL_BESIDE = 1;
const W_OFF_INTENT = -2;
const W_SEGMENT = 3;
const W_OPENER = 1;
const W_EXTRA_TAG = 1;
// A dropped variable often leaves a clumsy sentence: prefer a template filled completely.
const W_MISSING = -4;
const USAGE_MAX = 8;
// Picks at which habit gives half of USAGE_MAX: a few picks nudge, many picks lead, and a
// new shop (no picks) ranks by the pack's tags alone.
const USAGE_HALF = 8;

/** What the composer accepts (core/wire-checks checkInsertReply). */
const MAX_REPLY_CHARS = MAX_INSERT_CHARS;

export interface RankedReply extends ReplySuggestion {
  score: number;
}

/** Templates that fit, best first, filled with the customer's values. */
export function rankReplies(input: RankInput): ReplySuggestion[] {
  return rankRepliesScored(input).map(({ score: _, ...s }) => s);
}

/** As rankReplies, with each score (for tests and tuning). */
export function rankRepliesScored(input: RankInput): RankedReply[] {
  const { templates, status, intents, vars } = input;
  const limit = input.limit ?? 9;
  const business = intents.filter((i) => !SOCIAL_INTENTS.has(i));
  const contexts = new Set<string>(usageIntents(intents));
  const used = new Map<string, number>();
  for (const u of input.usage) {
    if (u.status !== status || !contexts.has(u.intent)) continue;
    used.set(u.templateId, (used.get(u.templateId) ?? 0) + u.count);
  }

  const scored: (RankedReply & { id: string })[] = [];
  for (const t of templates) {
    // A template for other kinds of customers (a VIP thank-you, a win-back) is wrong here,
    // not merely worse.
    const segmentMatch = t.segments.length === 0 ? 0 : (t.segments as string[]).includes(status);
    if (segmentMatch === false) continue;
    let score = segmentMatch === true ? W_SEGMENT : 0;
    if (t.intents.length > 0) {
      if (intents.length === 0) {
        // Nothing recognised: an opener is the likeliest reply, an answer to a question is not.
        score += t.intents.includes('greeting') ? W_OPENER : W_OFF_INTENT / 2;
      } else {
        let best = W_OFF_INTENT;
        let matched = 0;
        for (const i of t.intents) {
          if (!intents.includes(i)) continue;
          matched += 1;
          const w = !SOCIAL_INTENTS.has(i)
            ? W_INTENT
            : business.length > 0
              ? W_SOCIAL_BESIDE
              : W_SOCIAL;
          best = Math.max(best, w);
        }
        // A template for two things fits a message about both best, and one about only
        // one of them less than a template for exactly that.
        score += matched === 0 ? best : best + W_EXTRA_TAG * (2 * matched - t.intents.length - 1);
      }
    }
    const picks = used.get(t.id) ?? 0;
    score += (USAGE_MAX * picks) / (picks + USAGE_HALF);
    const filled = fillTemplate(t.body, vars);
    // The sidebar refuses a view whose reply is longer than it can insert: leave it out.
    if (!filled.text || filled.text.length > MAX_REPLY_CHARS) continue;
    score += W_MISSING * filled.missing.length;
    scored.push({
      id: t.id,
      templateId: t.id,
      title: t.title,
      text: filled.text,
      score,
      ...(t.shortcut ? { shortcut: t.shortcut } : {}),
    });
  }
  // Deterministic: equal scores keep a fixed order by id (never insertion order).
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  const out: RankedReply[] = [];
  for (const { id: _, ...s } of scored) {
    if (seen.has(s.text)) continue;
    seen.add(s.text);
    out.push(s);
    if (out.length >= limit) break;
  }
  return out;
}
