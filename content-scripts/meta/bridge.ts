// The isolated world's half of the main-world bridge (entrypoints/meta-bridge.content.ts):
// asks for the React props of an element, synchronously, through DOM events. The bridge
// carries a thread id and title only. A reply counts only if it echoes this request's
// nonce, arrives during our own dispatch and is the first one. The page can see the
// request and could answer first, so the adapter never trusts an answer alone: it must
// name the thread the header shows (see meta/adapter.ts).
export const BRIDGE_REQUEST = 'kq-bridge-request';
export const BRIDGE_REPLY = 'kq-bridge-reply';

export interface BridgeAnswer {
  threadId: string;
  threadType?: 'FB_MESSAGE' | 'IG_MESSAGE';
  /** The thread's title in React's props: checked against the header before use. */
  title?: string;
}

export type Bridge = (selector: string) => BridgeAnswer | undefined;

export const domBridge: Bridge = (selector) => {
  const nonce = crypto.randomUUID();
  let answer: BridgeAnswer | undefined;
  let replies = 0;
  const onReply = (event: Event) => {
    replies += 1;
    if (replies > 1) return;
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string' || detail.length > 500) return;
    try {
      const data = JSON.parse(detail) as Record<string, unknown>;
      if (data.nonce !== nonce || typeof data.threadId !== 'string') return;
      if (!/^\d{5,40}$/.test(data.threadId)) return;
      const type = data.threadType;
      answer = {
        threadId: data.threadId,
        ...(type === 'FB_MESSAGE' || type === 'IG_MESSAGE' ? { threadType: type } : {}),
        ...(typeof data.title === 'string' ? { title: data.title.slice(0, 300) } : {}),
      };
    } catch {
      // Not ours.
    }
  };
  document.addEventListener(BRIDGE_REPLY, onReply);
  try {
    document.dispatchEvent(
      new CustomEvent(BRIDGE_REQUEST, { detail: JSON.stringify({ nonce, selector }) }),
    );
  } catch {
    // A listener that throws (where the DOM lets it reach us) is no answer: the adapter
    // must not throw for it.
    return undefined;
  } finally {
    document.removeEventListener(BRIDGE_REPLY, onReply);
  }
  return answer;
};
