// The care panel (issue 9), imported by the sidebar once it is on screen: the queue, the
// rail's count, the customer's reminder/birthday tools, and the care work on the host page
// (content-scripts/care-mount.tsx). A chunk of its own, with its own Preact, so the content
// scripts stay inside their 40 KiB budget; it runs in the content script's isolated world (a
// dynamic import from it), never in the page's.
import { type CareHost, mountCare } from '@/content-scripts/care-mount';

export type CareMount = (root: Element, host: CareHost) => () => void;

export default defineUnlistedScript(() => {
  (globalThis as { kqCare?: CareMount }).kqCare = mountCare;
});
