// Main-world half of the Meta bridge: answers "which thread is this element showing?" from
// React's fiber props, which the isolated world cannot see. Ids only, never customer data.
// The listener itself lives in content-scripts/meta/bridge-main.ts (tested there).
import { answerBridgeRequests } from '@/content-scripts/meta/bridge-main';

export default defineContentScript({
  matches: ['https://business.facebook.com/*', 'https://www.facebook.com/latest/inbox/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    // Registered before the page's own scripts run, so we answer first.
    answerBridgeRequests(document);
  },
});
