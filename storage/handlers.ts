// Background message handlers: validate what arrives, then act. A malformed message is
// refused with the field named and touches nothing.
import { type CustomerView, CustomerViewSchema } from '@/core/customer-view';
import { describeIssues } from '@/core/protocol';
import { ConversationSnapshotSchema, type Platform } from '@/core/snapshot';
import { type Clock, recordConversation, systemClock } from './conversations';
import type { KqDb } from './db';

export class BadMessageError extends Error {
  override name = 'BadMessageError';
}

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
  const parsed = ConversationSnapshotSchema.safeParse(input);
  if (!parsed.success) {
    throw new BadMessageError(`resolveConversation: bad snapshot: ${describeIssues(parsed.error)}`);
  }
  const { platform, accountId, externalId, idConfidence } = parsed.data;
  if (lookup && idConfidence === 'strong') {
    const known = await db.identities
      .where('[platform+accountId+externalId]')
      .equals([platform, accountId, externalId])
      .count();
    // A teammate may have met them already: adopt the team's customer, not a duplicate.
    if (!known) await lookup({ platform, accountId, externalId });
  }
  const view = await recordConversation(db, parsed.data, clock);
  // Check our own answer too: the content script trusts only what passes this schema.
  return CustomerViewSchema.parse(view);
}
