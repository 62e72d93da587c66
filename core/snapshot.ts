// What a platform adapter sees in the open conversation. Validated with zod/mini so the
// same schema is cheap enough for the content script and strict in the background.
import * as z from 'zod/mini';

import { PLATFORMS } from './platforms';

export { PLATFORMS, ZALO_UNKNOWN_ACCOUNT } from './platforms';
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

export const MessageSchema = z.object({
  direction: z.enum(['in', 'out', 'system']),
  text: z.string().check(z.maxLength(20_000)),
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

/** The most messages a snapshot may carry (adapters send the newest 500). */
export const MAX_SNAPSHOT_MESSAGES = 2000;
/**
 * The most message text a snapshot may carry, all messages together: 500 ordinary messages
 * are ~100,000 characters. Adapters keep the newest messages within it; the background
 * refuses more before validating field by field (utils/resolve-port.ts).
 */
export const MAX_SNAPSHOT_TEXT = 1_000_000;

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

/**
 * Why a snapshot is too large to look at, or undefined: counted before the schema runs, so
 * 100,000 messages or megabytes of text are refused with one clear sentence instead of
 * being validated item by item.
 */
export function snapshotOversize(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const messages = (input as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return undefined;
  if (messages.length > MAX_SNAPSHOT_MESSAGES)
    return `snapshot too large: ${messages.length} messages (at most ${MAX_SNAPSHOT_MESSAGES})`;
  let chars = 0;
  for (const m of messages) {
    const text = typeof m === 'object' && m !== null ? (m as { text?: unknown }).text : undefined;
    if (typeof text === 'string') chars += text.length;
  }
  if (chars > MAX_SNAPSHOT_TEXT)
    return `snapshot too large: ${chars} characters of text (at most ${MAX_SNAPSHOT_TEXT})`;
  return undefined;
}
