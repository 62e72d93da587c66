// The contract every platform adapter fulfils. Nothing outside an adapter's folder reads
// the host page's DOM.
import type { ConversationSnapshot } from '@/core/snapshot';

export type Reading =
  /** A conversation is open and we know who it is (or say how unsure we are). */
  | { kind: 'snapshot'; snapshot: ConversationSnapshot }
  /** A conversation is changing and its id is not readable yet: show nobody. */
  | { kind: 'pending'; reason: string }
  /** Not an inbox conversation view (comments tab, idle screen, …). */
  | { kind: 'unsupported'; reason: string };

export interface PlatformAdapter {
  readonly site: 'meta' | 'zalo';
  /** Read the open conversation now. Never throws: trouble becomes a verdict. */
  read(now: number): Reading;
  /** The subtrees worth observing; empty while the inbox has not rendered. */
  observedRoots(): Element[];
}

/** The first element any selector in `selectors` finds, in order. */
export function queryFirst(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** All elements the first matching selector finds (fallbacks are alternatives, not unions). */
export function queryAllFirst(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    const found = root.querySelectorAll(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}
