// The main world's half of the Meta bridge, as a function of the document it listens on, so
// a test can run both halves in one page (entrypoints/meta-bridge.content.ts installs it).
// It answers "which thread is this element showing?" from React's fiber props, which the
// isolated world cannot see: ids and a title only, never customer data. Anything without a
// string nonce and a string selector, or with a selector the browser refuses, gets no answer.
import { BRIDGE_REPLY, BRIDGE_REQUEST } from './bridge';
import { threadFromFiber } from './fiber';

export function answerBridgeRequests(doc: Document): () => void {
  const onRequest = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string' || detail.length > 1000) return;
    let request: { nonce?: unknown; selector?: unknown };
    try {
      request = JSON.parse(detail);
    } catch {
      return;
    }
    // `null` parses fine and has no properties to read: not a request.
    if (typeof request !== 'object' || request === null) return;
    if (typeof request.nonce !== 'string' || typeof request.selector !== 'string') return;
    let el: Element | null = null;
    try {
      el = doc.querySelector(request.selector);
    } catch {
      return;
    }
    // The page owns the fiber objects: a getter that throws is its trap, not our error.
    let found: ReturnType<typeof threadFromFiber>;
    try {
      found = el ? threadFromFiber(el) : undefined;
    } catch {
      return;
    }
    if (!found) return;
    doc.dispatchEvent(
      new CustomEvent(BRIDGE_REPLY, {
        detail: JSON.stringify({ nonce: request.nonce, ...found }),
      }),
    );
  };
  doc.addEventListener(BRIDGE_REQUEST, onRequest);
  return () => doc.removeEventListener(BRIDGE_REQUEST, onRequest);
}
