// Row shapes of the local database. Ids are random strings so rows can sync later
// without renumbering.
import type { CareItem } from '@/core/care/types';
import type { OrderStatus } from '@/core/orders';
import type { StageState } from '@/core/pipeline';
import type { UsageIntent } from '@/core/rank-replies';
import type { Platform } from '@/core/snapshot';
import type { Status } from '@/core/status';
import type { ReplyTemplate, XungHo } from '@/core/templates';

export interface CustomerRow {
  id: string;
  displayName: string;
  /** Diacritics-insensitive search key (v2). */
  nameKey: string;
  /** E.164 numbers (v2). */
  phones: string[];
  /** Lower-case addresses (v2). */
  emails: string[];
  firstSeenAt: number;
  firstSeenPlatform: Platform;
  /**
   * As of the last change to this row. Sightings are recorded as touchpoints, not by
   * rewriting the customer: the latest touchpoint says when they were last seen.
   */
  lastSeenAt: number;
  createdAt: number;
  updatedAt: number;
  /** `MM-DD`, or `YYYY-MM-DD` when the year is known (v7; core/birthday). */
  birthday?: string;
}

export interface IdentityRow {
  id: string;
  customerId: string;
  platform: Platform;
  accountId: string;
  externalId: string;
  idConfidence: 'strong' | 'weak';
  displayName: string;
  avatarUrl?: string;
  firstSeenAt: number;
  lastSeenAt: number;
  /**
   * Why this identity belongs to its customer when it was not the customer's first (v4):
   * the customer wrote a phone number or e-mail another identity's customer carries, or an
   * agent merged the two. Absent for an identity that started its customer.
   */
  link?: IdentityLinkFact;
}

export interface IdentityLinkFact {
  by: 'phone' | 'email' | 'agent';
  /** The phone number (E.164) or e-mail address, for `phone` / `email`. */
  value?: string;
  /** When the link was made. */
  at: number;
}

/**
 * One row per identity per local day (id `<identityId>|<day>`).
 *
 * `count` is the number of distinct customer messages seen in that thread that day, at
 * least 1 (opening the conversation that day is contact too). Every message has a
 * fingerprint (core/sightings), so a reload, a re-render or switching back to the same
 * thread adds nothing; only a message not seen before does. Rows written before v4 counted
 * sightings instead; their count never goes down.
 */
export interface TouchpointRow {
  id: string;
  customerId: string;
  identityId: string;
  platform: Platform;
  day: string;
  firstAt: number;
  lastAt: number;
  count: number;
  /** Distinct customer messages seen that day (v4; absent on older rows). */
  incoming?: number;
  /**
   * Fingerprints of that day's messages already seen, both directions (v4), newest last,
   * at most TOUCHPOINT_SEEN_CAP.
   */
  seen?: string[];
}

export interface LabelRow {
  id: string;
  name: string;
  color: string;
  order: number;
  archived: boolean;
  updatedAt: number;
}

export interface LabelAssignmentRow {
  id: string;
  customerId: string;
  labelId: string;
  assignedAt: number;
  /**
   * Ids of the assign mutations behind this assignment (synced): unassigning removes
   * exactly these, so a concurrent assign elsewhere survives.
   */
  tags?: string[];
}

/** A label put on or taken off a customer (v4), for the history. */
export interface LabelEventRow {
  id: string;
  customerId: string;
  labelId: string;
  action: 'assign' | 'unassign';
  at: number;
}

/**
 * A message's text, kept only while the shop turned "keep message text" on (v4). Id
 * `<identityId>|<day>|<fingerprint>`.
 */
export interface MessageRow {
  id: string;
  customerId: string;
  identityId: string;
  day: string;
  direction: 'in' | 'out';
  text: string;
  at?: number;
  /** When we first saw it, to keep the day's messages in reading order. */
  seenAt: number;
  /** Position in the thread when first seen (ties within one snapshot). */
  position: number;
}

/**
 * One merge of `sourceId` into `targetId` (v4): everything it changed, so undoing it puts
 * every row back. Kept after an undo (with `undoneAt`) for the history. Automatic links by
 * phone or e-mail are recorded the same way, so the agent can undo a wrong one.
 */
export interface MergeRow {
  id: string;
  targetId: string;
  sourceId: string;
  at: number;
  undoneAt?: number;
  /** `agent`: the agent merged them; `phone` / `email`: linked by that value (`value`). */
  by: 'agent' | 'phone' | 'email';
  value?: string;
  /** The source customer as it was; restored on undo. */
  source: CustomerRow;
  /** The target before and right after the merge (undo restores `before` if untouched since). */
  targetBefore: CustomerRow;
  targetAfter: CustomerRow;
  /** Identities moved, as they were before (customerId and link go back on undo). */
  identities: IdentityRow[];
  touchpoints: string[];
  notes: string[];
  orders: string[];
  labelEvents: string[];
  messages: string[];
  /**
   * The source's label assignments as they were; `movedTo` is the id of the row the merge
   * created on the target (absent when the target already carried the label).
   */
  labels: { before: LabelAssignmentRow; movedTo?: string }[];
}

/** Two customers the agent said are different people: never suggested again (v4). */
export interface DismissalRow {
  /** `<smaller id>|<larger id>`. */
  id: string;
  at: number;
}

export interface NoteRow {
  id: string;
  customerId: string;
  text: string;
  author: string;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
}

export type { OrderStatus };

export interface OrderRow {
  id: string;
  customerId: string;
  code: string;
  placedAt: number;
  /** VND, whole đồng. */
  total: number;
  status: OrderStatus;
  items: { name: string; quantity: number; price: number }[];
  /**
   * When it was delivered (v7), for the care queue's thank-you and check-in. Set when the
   * status turns `delivered`; an imported delivered order without a date has none, and the
   * care rules use `placedAt` instead.
   */
  deliveredAt?: number;
}

export interface TemplateRow {
  id: string;
  title: string;
  body: string;
  segments: string[];
  intents: string[];
  archived?: boolean;
  updatedAt: number;
}

/** A reply template of this shop (v5): the default pack as seeded, edited, or the shop's own. */
export type ReplyTemplateRow = ReplyTemplate;

/** How often a template was picked for a customer of `status` asking about `intent` (v5). */
export interface ReplyUsageRow {
  /** `<templateId>|<status>|<intent>`. */
  id: string;
  templateId: string;
  status: Status;
  intent: UsageIntent;
  count: number;
  lastAt: number;
}

/** How the shop addresses a customer (v5). Local only: the sync schema has no field for it. */
export interface SalutationRow {
  customerId: string;
  xungHo: Exclude<XungHo, ''>;
  updatedAt: number;
}

export interface OutboxRow {
  seq?: number;
  mutationId: string;
  kind: string;
  payload: unknown;
  createdAt: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

/** One import of a customer/order file (v6). */
export interface ImportJobRow {
  id: string;
  fileName: string;
  fileSize: number;
  startedAt: number;
  updatedAt: number;
  /**
   * `running` while batches are written (also what a closed page leaves behind),
   * `cancelled` / `failed` stop between batches: every committed batch stays until the
   * import is undone or resumed.
   */
  state: 'running' | 'done' | 'cancelled' | 'failed' | 'undone';
  totalBatches: number;
  /** Batches committed, in order: a resume starts at this index. */
  batchesDone: number;
  /** Data rows accepted / rejected in the file, customers and orders in its plan. */
  accepted: number;
  rejected: number;
  customers: number;
  orders: number;
  error?: string;
}

/** What one committed import batch changed (v6), so undo puts it back. Id `<jobId>|<index>`. */
export interface ImportBatchRow {
  id: string;
  jobId: string;
  index: number;
  /** The batch's write time: a customer still stamped with it was not edited since. */
  at: number;
  createdCustomers: string[];
  /** Existing customers as they were before the batch added phones, e-mails or a name. */
  updatedCustomers: CustomerRow[];
  createdOrders: string[];
  /** Orders the batch replaced (a re-import), as they were. */
  replacedOrders: OrderRow[];
  /** Outbox mutations the batch queued; undo drops those not pushed yet. */
  mutationIds: string[];
}

/** A care item (v7): made once per (customer, rule, occasion); see core/care/types. */
export type CareItemRow = CareItem;

/**
 * Who wrote last in one conversation the extension saw (v7), for the `unanswered` rule. Id
 * = the identity's id (one conversation per identity); written only when it changes.
 */
export interface CareThreadRow {
  id: string;
  platform: Platform;
  lastDirection: 'in' | 'out';
  /** The customer's last message, when the last word is theirs. */
  lastIncomingAt?: number;
  updatedAt: number;
}

/**
 * Where a customer stands in the sales pipeline (v8), keyed by customer: the current stage,
 * who set it (an agent wins over every later signal), and every move, oldest first.
 */
export interface StageRow extends StageState {
  /** HLC stamp of the agent's choice this row holds, when it synced (last writer wins). */
  hlc?: string;
}
