// What an agent can do to customer records from the sidebar (merge, undo a merge, add a
// phone or e-mail, read the history, look at suggested matches), as messages the
// background validates. zod/mini: these schemas ship in the content-script bundle too.
import * as z from 'zod/mini';
import { RowIdSchema } from './sync/mutations';
import { TIMELINE_MAX_LIMIT } from './timeline';

export const MergeRequestSchema = z.object({
  /** The customer that stays. */
  targetId: RowIdSchema,
  /** The customer folded into the target; it disappears until the merge is undone. */
  sourceId: RowIdSchema,
});
export type MergeRequest = z.infer<typeof MergeRequestSchema>;

export const UnmergeRequestSchema = z.object({ mergeId: RowIdSchema });
export type UnmergeRequest = z.infer<typeof UnmergeRequestSchema>;

export const TimelineRequestSchema = z.object({
  customerId: RowIdSchema,
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(TIMELINE_MAX_LIMIT))),
});
export type TimelineRequest = z.infer<typeof TimelineRequestSchema>;

export const ContactKindSchema = z.enum(['phone', 'email']);
export type ContactKind = z.infer<typeof ContactKindSchema>;

export const AddContactRequestSchema = z.object({
  customerId: RowIdSchema,
  kind: ContactKindSchema,
  /** As the agent typed it; normalised (E.164 / lower-case) before it is stored. */
  value: z.string().check(z.minLength(1), z.maxLength(320)),
});
export type AddContactRequest = z.infer<typeof AddContactRequestSchema>;

export const SuggestionsRequestSchema = z.object({ customerId: RowIdSchema });
export type SuggestionsRequest = z.infer<typeof SuggestionsRequestSchema>;

export const DismissSuggestionRequestSchema = z.object({
  customerId: RowIdSchema,
  otherId: RowIdSchema,
});
export type DismissSuggestionRequest = z.infer<typeof DismissSuggestionRequestSchema>;

/**
 * Another customer who may be the same person. `same-phone` / `same-email`: both carry
 * that value; `name`: the names look alike (never enough on its own: the agent decides).
 */
export const SuggestionSchema = z.object({
  kind: z.enum(['same-phone', 'same-email', 'name']),
  customerId: z.string(),
  displayName: z.string(),
  /** The shared phone or e-mail. */
  value: z.optional(z.string()),
  /** Name similarity 0..1, for `name`. */
  score: z.optional(z.number()),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const AddContactResultSchema = z.object({
  customerId: z.string(),
  /** The value as stored. */
  value: z.string(),
  /** False when the customer already had it. */
  added: z.boolean(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  /** Other customers carrying the same value: candidates to merge, never merged here. */
  suggestions: z.array(SuggestionSchema),
});
export type AddContactResult = z.infer<typeof AddContactResultSchema>;

const counts = z.object({
  identities: z.number(),
  touchpoints: z.number(),
  notes: z.number(),
  orders: z.number(),
  labels: z.number(),
  labelEvents: z.number(),
  messages: z.number(),
});
export type MovedCounts = z.infer<typeof counts>;

export const MergeResultSchema = z.object({
  mergeId: z.string(),
  targetId: z.string(),
  sourceId: z.string(),
  moved: counts,
});
export type MergeResult = z.infer<typeof MergeResultSchema>;

export const UnmergeResultSchema = z.object({
  mergeId: z.string(),
  targetId: z.string(),
  sourceId: z.string(),
  /** Rows that went back to the restored customer. */
  restored: counts,
});
export type UnmergeResult = z.infer<typeof UnmergeResultSchema>;

export const RemoveContactRequestSchema = z.object({
  customerId: RowIdSchema,
  kind: ContactKindSchema,
  /** As stored (E.164 / lower-case), from the card. */
  value: z.string().check(z.minLength(1), z.maxLength(320)),
});
export type RemoveContactRequest = z.infer<typeof RemoveContactRequestSchema>;

const NoteText = z.string().check(z.minLength(1), z.maxLength(10_000));

/** Notes from the sidebar: add, edit (text and/or pin), delete, and undo a delete. */
export const NoteRequestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    customerId: RowIdSchema,
    text: NoteText,
    pinned: z.optional(z.boolean()),
  }),
  z.object({
    action: z.literal('edit'),
    id: RowIdSchema,
    text: z.optional(NoteText),
    pinned: z.optional(z.boolean()),
  }),
  z.object({ action: z.literal('delete'), id: RowIdSchema }),
  /** Puts a just-deleted note back as it was (a new id; same text, author, pin, time). */
  z.object({
    action: z.literal('restore'),
    customerId: RowIdSchema,
    text: NoteText,
    author: z.string().check(z.maxLength(200)),
    pinned: z.boolean(),
    createdAt: z.number(),
  }),
]);
export type NoteRequest = z.infer<typeof NoteRequestSchema>;
