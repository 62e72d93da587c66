// Local rows → the data of the sync mutations that carry them to the team server. Text is
// cut to what the sync schema accepts, so a long name never makes a whole push bounce.
import type { MutationOf } from '@/core/sync/mutations';
import type { CustomerRow, IdentityRow, NoteRow } from './schema';

/**
 * Phones and e-mails are a last-writer-wins list on the server: an empty local list (a
 * customer created here before any number) is left out rather than erase a teammate's.
 */
export const customerUpsertData = (c: CustomerRow): MutationOf<'customer.upsert'>['data'] => ({
  id: c.id,
  displayName: c.displayName.slice(0, 300),
  ...(c.phones.length ? { phones: c.phones.slice(0, 20) } : {}),
  ...(c.emails.length ? { emails: c.emails.slice(0, 20) } : {}),
  firstSeenAt: c.firstSeenAt,
  firstSeenPlatform: c.firstSeenPlatform,
  lastSeenAt: c.lastSeenAt,
  ...(c.birthday ? { birthday: c.birthday } : {}),
});

export const identityUpsertData = (i: IdentityRow): MutationOf<'identity.upsert'>['data'] => ({
  id: i.id,
  customerId: i.customerId,
  platform: i.platform,
  accountId: i.accountId,
  externalId: i.externalId,
  idConfidence: i.idConfidence,
  displayName: i.displayName.slice(0, 300),
  firstSeenAt: i.firstSeenAt,
  lastSeenAt: i.lastSeenAt,
  ...(i.avatarUrl ? { avatarUrl: i.avatarUrl.slice(0, 2048) } : {}),
});

/** note.add also moves a note: the server keeps the latest customerId (last writer wins). */
export const noteAddData = (n: NoteRow): MutationOf<'note.add'>['data'] => ({
  id: n.id,
  customerId: n.customerId,
  text: n.text,
  pinned: n.pinned,
});
