// A customer's history across platforms, newest first: days they wrote (touchpoints),
// orders, notes, label changes and merges. The background gathers the rows; this module
// orders them and cuts pages, so paging is the same wherever the rows come from.
import * as z from 'zod/mini';
import { OrderStatusSchema } from './orders';
import { PlatformSchema } from './snapshot';

const text = (max: number) => z.string().check(z.maxLength(max));
const base = { id: z.string(), at: z.number() };

export const TimelineEntrySchema = z.discriminatedUnion('kind', [
  /** A day the customer was seen on one identity (one platform account). */
  z.object({
    kind: z.literal('touchpoint'),
    ...base,
    day: z.string(),
    firstAt: z.number(),
    platform: PlatformSchema,
    /** Distinct customer messages seen that day (at least 1: the conversation was open). */
    count: z.number(),
    identityId: z.string(),
    /** The identity's display name; null when the identity row is gone (older versions). */
    identityName: z.nullable(z.string()),
    /** Kept message texts of that day, oldest first, only when the shop keeps them. */
    messages: z.optional(
      z.array(
        z.object({
          direction: z.enum(['in', 'out']),
          text: text(20_000),
          at: z.optional(z.number()),
        }),
      ),
    ),
  }),
  z.object({
    kind: z.literal('order'),
    ...base,
    code: z.string(),
    total: z.number(),
    status: OrderStatusSchema,
    /** What was bought (the first few lines; the sidebar shows them under the total). */
    items: z.optional(
      z.array(z.object({ name: text(300), quantity: z.number(), price: z.number() })),
    ),
  }),
  z.object({
    kind: z.literal('note'),
    ...base,
    text: text(10_000),
    author: z.string(),
    pinned: z.boolean(),
    updatedAt: z.number(),
  }),
  /** A label put on or taken off; the name is null when the label was deleted since. */
  z.object({
    kind: z.literal('label'),
    ...base,
    action: z.enum(['assign', 'unassign']),
    labelId: z.string(),
    labelName: z.nullable(z.string()),
    color: z.nullable(z.string()),
  }),
  /**
   * `absorbed`: the other customer was merged into this one (or, `by` phone / e-mail, an
   * identity was linked to this one at first sight); `split`: this customer had been
   * merged into the other and the merge was undone (at = when it was undone).
   */
  z.object({
    kind: z.literal('merge'),
    ...base,
    role: z.enum(['absorbed', 'split']),
    by: z.enum(['agent', 'phone', 'email']),
    value: z.optional(z.string()),
    mergeId: z.string(),
    otherCustomerId: z.string(),
    otherName: z.string(),
    undoneAt: z.optional(z.number()),
  }),
  /**
   * Pipeline (issue 9): the customer moved to another stage, by an agent or by a signal
   * (a phone given, an order, a delivery, a second order). Names as the shop's stages call
   * them now; null when the stage was removed since.
   */
  z.object({
    kind: z.literal('stage'),
    ...base,
    stageId: z.string(),
    stageName: z.nullable(z.string()),
    fromName: z.optional(z.nullable(z.string())),
    setBy: z.enum(['agent', 'signal']),
    signal: z.optional(z.enum(['phone', 'order', 'delivered', 'repeat-order'])),
    by: z.optional(z.string()),
  }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelinePageSchema = z.object({
  customerId: z.string(),
  entries: z.array(TimelineEntrySchema),
  /** Pass back to get the next (older) page; null when this was the last. */
  nextCursor: z.nullable(z.string()),
});
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

export const TIMELINE_DEFAULT_LIMIT = 50;
export const TIMELINE_MAX_LIMIT = 200;

/** Entries sort by time, newest first; ties by kind and id so the order is total. */
const sortKey = (e: TimelineEntry) => `${e.kind}:${e.id}`;

function newerFirst(a: TimelineEntry, b: TimelineEntry): number {
  if (a.at !== b.at) return b.at - a.at;
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/** A cursor names the last entry of a page: `<at>~<kind>:<id>`. */
export function encodeCursor(e: TimelineEntry): string {
  return `${e.at}~${sortKey(e)}`;
}

export function decodeCursor(cursor: string): { at: number; key: string } | null {
  const i = cursor.indexOf('~');
  if (i <= 0) return null;
  const at = Number(cursor.slice(0, i));
  if (!Number.isFinite(at)) return null;
  return { at, key: cursor.slice(i + 1) };
}

/**
 * One page of `entries` (any order), newest first, starting after `cursor`. Entries added
 * since the previous page was cut never shift the next one: the cursor is a position in
 * time, not an offset.
 */
export function pageTimeline(
  customerId: string,
  entries: TimelineEntry[],
  options: { cursor?: string; limit?: number } = {},
): TimelinePage {
  const limit = Math.min(TIMELINE_MAX_LIMIT, options.limit ?? TIMELINE_DEFAULT_LIMIT);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const sorted = [...entries].sort(newerFirst);
  const rest = after
    ? sorted.filter((e) => e.at < after.at || (e.at === after.at && sortKey(e) < after.key))
    : sorted;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    customerId,
    entries: page,
    nextCursor: rest.length > limit && last ? encodeCursor(last) : null,
  };
}
