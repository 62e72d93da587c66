// Background message handlers: validate what arrives, then act. A malformed message is
// refused with the field named and touches nothing.

import type * as z from 'zod/mini';
import {
  AddContactRequestSchema,
  type AddContactResult,
  DismissSuggestionRequestSchema,
  MergeRequestSchema,
  type MergeResult,
  type Suggestion,
  SuggestionsRequestSchema,
  TimelineRequestSchema,
  UnmergeRequestSchema,
  type UnmergeResult,
} from '@/core/customer-actions';
import { type CustomerView, CustomerViewSchema } from '@/core/customer-view';
import { describeIssues } from '@/core/protocol';
import {
  type ConversationSnapshot,
  ConversationSnapshotSchema,
  type Platform,
} from '@/core/snapshot';
import type { TimelinePage } from '@/core/timeline';
import { type Clock, recordConversation, systemClock, type ViewRows } from './conversations';
import type { KqDb } from './db';
import { mergeCustomers, unmergeCustomers } from './merge';
import { addContact, dismissSuggestion, suggestionsFor } from './suggestions';
import { timelineOf } from './timeline';

export class BadMessageError extends Error {
  override name = 'BadMessageError';
}

/** The message's data, or a BadMessageError naming each bad field. */
function parseMessage<S extends z.ZodMiniType>(
  message: string,
  what: string,
  schema: S,
  input: unknown,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new BadMessageError(`${message}: bad ${what}: ${describeIssues(parsed.error)}`);
  }
  return parsed.data as z.infer<S>;
}

/** History entries the view carries; the sidebar pages further with getTimeline. */
export const VIEW_HISTORY_LIMIT = 20;

/** Asks the team server about an identity this machine has not seen (bounded wait). */
export type RemoteLookup = (key: {
  platform: Platform;
  accountId: string;
  externalId: string;
}) => Promise<boolean>;

export async function handleResolveConversation(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
  lookup?: RemoteLookup,
): Promise<CustomerView> {
  const resolved = await resolveConversation(db, input, clock, lookup);
  await resolved.committed;
  return resolved.view;
}

export interface ResolvedConversation {
  /** The view, checked against its schema. */
  view: CustomerView;
  /** The rows it was made from (absent for an unconfirmed customer, who is not stored). */
  rows?: ViewRows;
  /**
   * Settles when the snapshot's transaction has committed; rejects if it failed, in
   * which case nothing of it was stored and the view described writes that did not happen.
   */
  committed: Promise<unknown>;
}

/**
 * Record a snapshot and answer with its view as soon as the view is computed, without
 * waiting for the transaction to commit (`committed` says when it did). The agent sees the
 * badge a commit sooner; the caller decides what a failed commit means for the screen.
 */
export async function resolveConversation(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
  lookup?: RemoteLookup,
): Promise<ResolvedConversation> {
  const snapshot = parseMessage(
    'resolveConversation',
    'snapshot',
    ConversationSnapshotSchema,
    input,
  );
  const resolved = await resolveSnapshot(db, snapshot, clock, lookup);
  // Check our own answer too: the content script trusts only what passes this schema.
  return { ...resolved, view: CustomerViewSchema.parse(resolved.view) };
}

/**
 * `resolveConversation` for a snapshot already validated (the background's port does it,
 * utils/serve-port.ts), whose caller checks the view it finally sends: each check once on
 * the conversation path.
 */
export async function resolveSnapshot(
  db: KqDb,
  snapshot: ConversationSnapshot,
  clock: Clock = systemClock,
  lookup?: RemoteLookup,
): Promise<ResolvedConversation> {
  const { platform, accountId, externalId, idConfidence } = snapshot;
  if (lookup && idConfidence === 'strong') {
    const known = await db.identities
      .where('[platform+accountId+externalId]')
      .equals([platform, accountId, externalId])
      .count();
    // A teammate may have met them already: adopt the team's customer, not a duplicate.
    if (!known) await lookup({ platform, accountId, externalId });
  }
  let early: (value: { view: CustomerView; rows?: ViewRows }) => void = () => {};
  const computed = new Promise<{ view: CustomerView; rows?: ViewRows }>((r) => {
    early = r;
  });
  const committed = recordConversation(db, snapshot, clock, {
    historyLimit: VIEW_HISTORY_LIMIT,
    onView: (view, rows) => early({ view, rows }),
  });
  // Whichever comes first: the view from inside the transaction, or the end of a call that
  // made none (an unconfirmed customer) or failed before its view.
  const { view, rows } = await Promise.race([
    computed,
    committed.then((view): { view: CustomerView; rows?: ViewRows } => ({ view })),
  ]);
  committed.catch(() => undefined);
  return { view, ...(rows ? { rows } : {}), committed };
}

export async function handleMergeCustomers(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
): Promise<MergeResult> {
  const { targetId, sourceId } = parseMessage(
    'mergeCustomers',
    'request',
    MergeRequestSchema,
    input,
  );
  const { merge, moved } = await mergeCustomers(db, targetId, sourceId, clock.now());
  return { mergeId: merge.id, targetId, sourceId, moved };
}

export async function handleUnmergeCustomers(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
): Promise<UnmergeResult> {
  const { mergeId } = parseMessage('unmergeCustomers', 'request', UnmergeRequestSchema, input);
  const { merge, restored } = await unmergeCustomers(db, mergeId, clock.now());
  return { mergeId, targetId: merge.targetId, sourceId: merge.sourceId, restored };
}

export async function handleGetTimeline(db: KqDb, input: unknown): Promise<TimelinePage> {
  const { customerId, cursor, limit } = parseMessage(
    'getTimeline',
    'request',
    TimelineRequestSchema,
    input,
  );
  return timelineOf(db, customerId, {
    ...(cursor !== undefined ? { cursor } : {}),
    ...(limit !== undefined ? { limit } : {}),
  });
}

export async function handleAddContact(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
): Promise<AddContactResult> {
  const { customerId, kind, value } = parseMessage(
    'addContact',
    'request',
    AddContactRequestSchema,
    input,
  );
  return addContact(db, customerId, kind, value, clock.now());
}

export async function handleGetSuggestions(db: KqDb, input: unknown): Promise<Suggestion[]> {
  const { customerId } = parseMessage('getSuggestions', 'request', SuggestionsRequestSchema, input);
  return suggestionsFor(db, customerId);
}

export async function handleDismissSuggestion(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
): Promise<{ ok: true }> {
  const { customerId, otherId } = parseMessage(
    'dismissSuggestion',
    'request',
    DismissSuggestionRequestSchema,
    input,
  );
  await dismissSuggestion(db, customerId, otherId, clock.now());
  return { ok: true };
}
