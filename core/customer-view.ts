// What the background answers for an open conversation: everything the sidebar renders.
import * as z from 'zod/mini';
import { IntentSchema, ReplySuggestionSchema } from './reply-suggestion';
import { HealthSchema, PlatformSchema } from './snapshot';
import { STATUSES } from './status';
import { TimelinePageSchema } from './timeline';

/**
 * Codes of the reasons behind a status, in the order the sidebar lists them (the reason
 * that decided the status first).
 */
export const EVIDENCE_CODES = [
  /** No earlier contact: when they first wrote (at, platform). */
  'first-contact',
  /** Our records (local or team) saw them on earlier days (at = first, platform, days). */
  'earlier-contact-record',
  /** The open thread shows an earlier-day conversation (at = earliest such message). */
  'earlier-contact-thread',
  /** The only earlier-day message was an automated reply, so it did not count (at). */
  'automated-only',
  /** Orders placed (count, at = latest, daysAgo, amount = VND spent on kept orders). */
  'orders',
  /** Every order was cancelled (count). */
  'orders-cancelled',
  /** Carries a VIP label (label). */
  'vip-label',
  /** RFM scores at the VIP threshold (r, f, m, score, threshold). */
  'vip-rfm',
  /** Last order older than the lapsed threshold (at, daysAgo, threshold in days). */
  'lapsed',
  /** Failed or returned deliveries, "bom hàng" (failed, returned). */
  'delivery-risk',
  /** The identity rests on the display name only, so records are not trusted. */
  'weak-identity',
  /**
   * This identity was linked to a customer already known elsewhere because the customer
   * wrote a phone number (value) that customer carries (at, platform = that customer's
   * first contact).
   */
  'linked-phone',
  /** As linked-phone, by an e-mail address (value). */
  'linked-email',
  /** An agent merged this identity's customer into this one (at = when). */
  'linked-agent',
] as const;
export type EvidenceCode = (typeof EVIDENCE_CODES)[number];

const count = z.number().check(z.int(), z.nonnegative());

/** A structured reason the sidebar renders in the agent's language (core/i18n evidenceText). */
export const EvidenceSchema = z.object({
  code: z.enum(EVIDENCE_CODES),
  /** Epoch ms the reason refers to (first contact, earliest earlier message, last order…). */
  at: z.optional(z.number()),
  platform: z.optional(PlatformSchema),
  /** Distinct earlier days with contact, when counted. */
  days: z.optional(z.number()),
  /** How many (orders). */
  count: z.optional(count),
  /** Whole days between `at` and today, shop-local. */
  daysAgo: z.optional(count),
  /** VND. */
  amount: z.optional(z.number()),
  label: z.optional(z.string().check(z.maxLength(200))),
  failed: z.optional(count),
  returned: z.optional(count),
  r: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
  f: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
  m: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
  /** R + F + M. */
  score: z.optional(count),
  /** The setting the reason was measured against (VIP score, lapsed days). */
  threshold: z.optional(count),
  /** The phone number (E.164) or e-mail address a link rests on. */
  value: z.optional(z.string().check(z.maxLength(254))),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const NoteViewSchema = z.object({
  id: z.string(),
  text: z.string().check(z.maxLength(10_000)),
  author: z.string(),
  pinned: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type NoteView = z.infer<typeof NoteViewSchema>;

/** Notes as the sidebar lists them: pinned first, then the newest. */
export function orderNotes<N extends { pinned: boolean; createdAt: number; id: string }>(
  notes: readonly N[],
): N[] {
  return [...notes].sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) || b.createdAt - a.createdAt || a.id.localeCompare(b.id),
  );
}

export const CustomerViewSchema = z.object({
  customerId: z.string(),
  displayName: z.string(),
  status: z.enum(STATUSES),
  evidence: z.array(EvidenceSchema),
  idConfidence: z.enum(['strong', 'weak']),
  platforms: z.array(PlatformSchema),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  /** Distinct days this customer was seen by the extension, all platforms. */
  contactDays: z.number(),
  health: HealthSchema,
  /** The first page of the customer's history across platforms, newest first. */
  history: z.optional(TimelinePageSchema),
  /** Phone numbers (E.164) and e-mail addresses on the customer record. */
  phones: z.optional(z.array(z.string())),
  emails: z.optional(z.array(z.string())),
  /** The customer's notes: pinned first, then newest first. */
  notes: z.optional(z.array(NoteViewSchema)),
  /** Failed / returned deliveries ("bom hàng"), flagged whatever the status. */
  risk: z.optional(
    z.object({ failed: count, returned: count, rate: z.number().check(z.gte(0), z.lte(1)) }),
  ),
  /** The team labels this customer carries, in catalog order. */
  labels: z.optional(
    z.array(
      z.object({
        id: z.string(),
        name: z.string().check(z.maxLength(50)),
        color: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/)),
      }),
    ),
  ),
  /** Suggested replies, best first (at most 9), each filled exactly as it will be inserted. */
  replies: z.optional(z.array(ReplySuggestionSchema).check(z.maxLength(9))),
  /**
   * What the customer's latest turn asks about (the replies were ranked for these): pass
   * them back in `replyUsed` with the view's status.
   */
  replyIntents: z.optional(z.array(IntentSchema)),
  /** How the shop set this customer to be addressed (anh/chị/bạn/em), when it did. */
  xungHo: z.optional(z.string()),
  // Pipeline and loyalty tiers (issue 9). The view carries the stage names so the content
  // script carries no pipeline config.
  /** The loyalty tier, and what is missing for the next one (VND, kept orders). */
  tier: z.optional(
    z.object({
      id: z.string(),
      name: z.string(),
      next: z.optional(
        z.object({
          id: z.string(),
          name: z.string(),
          missing: count,
          missingOrders: z.optional(count),
        }),
      ),
    }),
  ),
  /** Where the customer stands in the pipeline; `agent` when an agent chose it. */
  stage: z.optional(
    z.object({ id: z.string(), name: z.string(), setBy: z.enum(['agent', 'signal', 'none']) }),
  ),
  /**
   * The customer's stored birthday (as core/birthday stores it), `null` when none: the care
   * panel shows it without asking the background on every switch.
   */
  birthday: z.optional(z.nullable(z.string().check(z.maxLength(20)))),
  /** A care item opened for this customer left a text for the composer (utils/care-open). */
  pendingInsert: z.optional(z.boolean()),
  /** The shop's stages in order, for the stage menu. */
  stages: z.optional(
    z.array(z.object({ id: z.string(), name: z.string() })).check(z.maxLength(12)),
  ),
});
export type CustomerView = z.infer<typeof CustomerViewSchema>;
