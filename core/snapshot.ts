// What a platform adapter sees in the open conversation. Validated with zod/mini so the
// same schema is cheap enough for the content script and strict in the background.
import * as z from 'zod/mini';

import { PLATFORMS } from './platforms';
import { MAX_MESSAGE_TEXT, MAX_SNAPSHOT_MESSAGES } from './snapshot-limits';

export { PLATFORMS, ZALO_UNKNOWN_ACCOUNT } from './platforms';
export { MAX_SNAPSHOT_MESSAGES, MAX_SNAPSHOT_TEXT, snapshotOversize } from './snapshot-limits';
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

export const MessageSchema = z.object({
  direction: z.enum(['in', 'out', 'system']),
  text: z.string().check(z.maxLength(MAX_MESSAGE_TEXT)),
  /** Epoch ms when the page tells us; absent when it does not. */
  at: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** Who wrote it when the page says: Meta's "Sent by …" admin, a Zalo group member. */
  sentBy: z.optional(z.string().check(z.maxLength(200))),
  /** The platform marked it as an automated reply (greeting, instant reply). */
  automated: z.optional(z.boolean()),
});
export type SnapshotMessage = z.infer<typeof MessageSchema>;

export const HealthSchema = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('ok') }),
  z.object({
    verdict: z.literal('degraded'),
    /** Anchor names that were not found, e.g. `header-name`. */
    missing: z.array(z.string()).check(z.minLength(1)),
    /** What the agent loses because of it, in plain words. */
    lost: z.string(),
  }),
  z.object({ verdict: z.literal('unsupported'), reason: z.string() }),
]);
export type Health = z.infer<typeof HealthSchema>;

const id = z.string().check(z.minLength(1), z.maxLength(200));

export const ConversationSnapshotSchema = z.object({
  platform: PlatformSchema,
  accountId: id,
  externalId: id,
  /** Where the id came from (url, tab-link, fiber, anim-data-id, data-qid, header…). */
  idSource: z.string().check(z.minLength(1), z.maxLength(50)),
  /** `weak` ids (header name + avatar) are shown as unconfirmed and never merged on. */
  idConfidence: z.enum(['strong', 'weak']),
  displayName: z.string().check(z.maxLength(300)),
  avatarUrl: z.optional(z.string().check(z.maxLength(2048))),
  isGroup: z.boolean(),
  messages: z.array(MessageSchema).check(z.maxLength(MAX_SNAPSHOT_MESSAGES)),
  health: HealthSchema,
  /** When the adapter took the snapshot (epoch ms). */
  capturedAt: z.number().check(z.int(), z.nonnegative()),
});
export type ConversationSnapshot = z.infer<typeof ConversationSnapshotSchema>;
