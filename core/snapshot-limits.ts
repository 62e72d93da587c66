// How large a snapshot may be, without the schema library: the content scripts cut to these
// and the background refuses more before validating field by field.

/**
 * The longest text one message may carry. A longer bubble (a pasted catalogue, a host
 * rendering a text many times) is cut by the adapters, or the whole snapshot would be
 * refused and the sidebar would name nobody.
 */
export const MAX_MESSAGE_TEXT = 20_000;
/** The most messages a snapshot may carry (adapters send the newest 500). */
export const MAX_SNAPSHOT_MESSAGES = 2000;
/**
 * The most message text a snapshot may carry, all messages together: 500 ordinary messages
 * are ~100,000 characters. Adapters keep the newest messages within it; the background
 * refuses more before validating field by field (utils/serve-port.ts).
 */
export const MAX_SNAPSHOT_TEXT = 1_000_000;

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
