// Main-world half of the Meta bridge: answers "which thread is this element showing?" from
// React's fiber props, which the isolated world cannot see. Ids only, never customer data.
import { BRIDGE_REPLY, BRIDGE_REQUEST } from '@/content-scripts/meta/bridge';
import { threadFromFiber } from '@/content-scripts/meta/fiber';

export default defineContentScript({
  matches: ['https://business.facebook.com/*', 'https://www.facebook.com/latest/inbox/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    // Registered before the page's own scripts run, so we answer first.
    document.addEventListener(BRIDGE_REQUEST, (event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      if (typeof detail !== 'string' || detail.length > 1000) return;
      let request: { nonce?: unknown; selector?: unknown };
      try {
        request = JSON.parse(detail);
      } catch {
        return;
      }
      if (typeof request.nonce !== 'string' || typeof request.selector !== 'string') return;
      let el: Element | null = null;
      try {
        el = document.querySelector(request.selector);
      } catch {
        return;
      }
      const found = el ? threadFromFiber(el) : undefined;
      if (!found) return;
      document.dispatchEvent(
        new CustomEvent(BRIDGE_REPLY, {
          detail: JSON.stringify({ nonce: request.nonce, ...found }),
        }),
      );
    });
  },
});
