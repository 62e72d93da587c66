// The background's end of the snapshot port (utils/resolve-port.ts has the tab's end).
import type { CustomerView } from '@/core/customer-view';
import { describeIssues } from '@/core/protocol';
import { type ConversationSnapshot, ConversationSnapshotSchema } from '@/core/snapshot';
import { snapshotOversize } from '@/core/snapshot-limits';
import type { PortLike } from './resolve-port';

/**
 * The background's end: answers each request on the port it came from. A snapshot too large
 * or of the wrong shape is answered with an error naming why (the field, or the size) and
 * never reaches `handle`; `handle` gets the validated snapshot, unknown keys dropped.
 */
export function servePort(
  port: PortLike,
  handle: (snapshot: ConversationSnapshot) => Promise<CustomerView>,
) {
  port.onMessage.addListener((message) => {
    if (typeof message !== 'object' || message === null) return;
    const { id, snapshot } = message as { id?: unknown; snapshot?: unknown };
    // Without a usable id there is nobody to answer (answers find their request by it).
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return;
    const answer = (reply: { id: number; res: CustomerView } | { id: number; err: string }) => {
      try {
        port.postMessage(reply);
      } catch {
        // The tab went away (closed, navigated) before the answer: nobody to tell.
      }
    };
    const tooLarge = snapshotOversize(snapshot);
    if (tooLarge) return answer({ id, err: tooLarge });
    const parsed = ConversationSnapshotSchema.safeParse(snapshot);
    if (!parsed.success)
      return answer({ id, err: `bad snapshot: ${describeIssues(parsed.error)}` });
    handle(parsed.data).then(
      (res) => answer({ id, res }),
      (error: unknown) =>
        answer({ id, err: error instanceof Error ? error.message : String(error) }),
    );
  });
}
