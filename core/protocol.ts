// The typed contract between the content scripts and the background. Both ends validate
// with these schemas (zod/mini keeps the content-script bundle small).
import * as z from 'zod/mini';
import type { SelectorPack } from './selector-pack';

export type InsertResult =
  | { ok: true; method: 'insertText' | 'paste' }
  | { ok: false; error: string };

export const InsertReplySchema = z.object({
  text: z.string().check(z.minLength(1), z.maxLength(5000)),
});

export interface ProtocolMap {
  // Content script → background, "record this conversation and answer with the customer
  // view" (ConversationSnapshot → CustomerView), goes over a long-lived port instead of a
  // one-off message: utils/resolve-port.ts.
  /** Content script → background: a newer selector pack, if the team server sent one. */
  getSelectorPack(data: { platform: 'meta' | 'zalo' }): SelectorPack | null;
  /** Background/sidebar → the tab: put a reply in the host composer (never sends). */
  insertReply(data: { text: string }): InsertResult;
}

/** A readable one-line summary of a schema failure: which field, what was wrong. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${explain(i)}`)
    .join('; ');
}

// zod/mini ships no message locale (it would bloat the content script), so say it here.
function explain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `too big (at most ${String(issue.maximum)})`;
    case 'too_small':
      return `too small (at least ${String(issue.minimum)})`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'unrecognized_keys':
      return `unknown keys ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
