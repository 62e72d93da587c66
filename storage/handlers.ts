// Background message handlers: validate what arrives, then act. A malformed message is
// refused with the field named and touches nothing.
import { type CustomerView, CustomerViewSchema } from '@/core/customer-view';
import { describeIssues } from '@/core/protocol';
import { ConversationSnapshotSchema } from '@/core/snapshot';
import { type Clock, recordConversation, systemClock } from './conversations';
import type { KqDb } from './db';

export class BadMessageError extends Error {
  override name = 'BadMessageError';
}

export async function handleResolveConversation(
  db: KqDb,
  input: unknown,
  clock: Clock = systemClock,
): Promise<CustomerView> {
  const parsed = ConversationSnapshotSchema.safeParse(input);
  if (!parsed.success) {
    throw new BadMessageError(`resolveConversation: bad snapshot: ${describeIssues(parsed.error)}`);
  }
  const view = await recordConversation(db, parsed.data, clock);
  // Check our own answer too: the content script trusts only what passes this schema.
  return CustomerViewSchema.parse(view);
}
