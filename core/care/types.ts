// The care queue's shapes, shared by the rules (core/care), the background (storage) and the
// UI (sidebar, popup, options). An item is made once per (customer, rule, occasion): its id
// is `careItemId(customerId, kind, occasion)`, so re-running the rules, two agents or a
// second device never make it twice.
import * as z from 'zod/mini';

export const CARE_KINDS = [
  'thank-you',
  'check-in',
  'birthday',
  'tier-up',
  'win-back',
  'reminder',
  'unanswered',
] as const;
export const CareKindSchema = z.enum(CARE_KINDS);
export type CareKind = z.infer<typeof CareKindSchema>;

export const CARE_STATES = ['open', 'done', 'snoozed', 'dismissed'] as const;
export type CareState = (typeof CARE_STATES)[number];

/**
 * `<customerId>|<kind>|<occasion>`; occasion e.g. an order id, `2026` for a birthday. The
 * occasion is written in the characters a synced row id allows (core/sync/mutations): any
 * other character, `_` and `|` included, becomes `_<hex>_`, so an imported order's id
 * (`imp|phone:+84…|SON1001`) still makes one id per occasion that the team server accepts.
 */
export const careItemId = (customerId: string, kind: CareKind, occasion: string): string =>
  `${customerId}|${kind}|${occasion.replace(/[^A-Za-z0-9.:-]/g, (ch) => `_${ch.codePointAt(0)?.toString(16)}_`)}`;

/** Why an item is due, as data: the UI words it in the agent's language. */
export type CareReason =
  | { kind: 'thank-you' | 'check-in'; orderId: string; orderCode: string; deliveredAt: number }
  | { kind: 'birthday' /** MM-DD, or YYYY-MM-DD when the year is known */; birthday: string }
  | { kind: 'tier-up'; fromTier: string; toTier: string }
  | { kind: 'win-back'; lastOrderAt: number | null; lapsedDays: number }
  | { kind: 'reminder'; note: string; createdBy?: string }
  | { kind: 'unanswered'; since: number; platform: 'messenger' | 'instagram' | 'zalo' };

export interface CareItem {
  id: string;
  customerId: string;
  kind: CareKind;
  occasion: string;
  /** When it becomes due (epoch ms). */
  dueAt: number;
  state: CareState;
  /** For `snoozed`: due again at this time. */
  snoozeUntil?: number;
  /** For `dismissed`: the agent's reason. */
  dismissReason?: string;
  /** Member id it is assigned to; absent = whoever works the queue. */
  assignee?: string;
  reason: CareReason;
  /** The rule's template (or the reminder's), when there is one. */
  templateId?: string;
  updatedAt: number;
  /**
   * The customer it was made for, when a merge moved it to this one (its id then names the
   * target): undoing that merge moves it back.
   */
  movedFrom?: string;
  /** Local only: when this device showed its notification (never twice). */
  notifiedAt?: number;
  /** The HLC stamp of the last state change (sync: last writer wins). */
  hlc?: string;
}

/** Where opening an item goes: Meta has a URL per thread; Zalo only its own search box. */
export type CareTarget =
  | { platform: 'messenger' | 'instagram'; url: string }
  | {
      platform: 'zalo' /** Name or phone for Zalo's search box. */;
      search: string;
      accountId?: string;
    }
  | null;

/** One row of the queue as the sidebar and popup show it. */
export interface CareQueueEntry {
  item: CareItem;
  customerName: string;
  target: CareTarget;
  /** The template filled for this customer, ready for insertReply (never sent). */
  text?: string;
  overdue: boolean;
}

export interface CareQueue {
  /** Due now (open, or snoozed past its time), oldest due first. */
  entries: CareQueueEntry[];
  /** Count by kind, for the rail and the icon badge. */
  counts: Partial<Record<CareKind, number>>;
}

// Item ids embed order ids, and an imported order's id embeds its customer key
// (`imp|phone:+84…|SON1001`): any printable text, bounded.
const Id = z
  .string()
  .check(z.regex(/^\P{Cc}{1,600}$/u, 'expected an id: 1-600 printable characters'));
const epochMs = z.number().check(z.int(), z.nonnegative());

export const CareQueueRequestSchema = z.strictObject({
  /** `mine` (default): items for this agent or nobody; `team`: everyone's (managers). */
  scope: z.optional(z.enum(['mine', 'team'])),
  customerId: z.optional(Id),
});
export type CareQueueRequest = z.infer<typeof CareQueueRequestSchema>;

export const CareActSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('done'), id: Id }),
  z.strictObject({ action: z.literal('snooze'), id: Id, until: epochMs }),
  z.strictObject({
    action: z.literal('dismiss'),
    id: Id,
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  }),
]);
export type CareAct = z.infer<typeof CareActSchema>;

export const ReminderRequestSchema = z.strictObject({
  customerId: Id,
  dueAt: epochMs,
  note: z.string().check(z.trim(), z.maxLength(500)),
  /** A team member's id (team server only); absent = me. */
  assignee: z.optional(Id),
});
export type ReminderRequest = z.infer<typeof ReminderRequestSchema>;

/** Sidebar/popup → background → the inbox tab: after opening an item, fill the composer. */
export interface PendingInsert {
  customerId: string;
  text: string;
  itemId: string;
  /** Dropped after this time if that conversation never opened. */
  expiresAt: number;
}
