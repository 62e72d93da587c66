// The contract every platform adapter fulfils. Nothing outside an adapter's folder reads
// the host page's DOM.
import type { SelectorPack } from '@/core/selector-pack';
import type { ConversationSnapshot, Health, SnapshotMessage } from '@/core/snapshot';
import { MAX_MESSAGE_TEXT, MAX_SNAPSHOT_TEXT } from '@/core/snapshot-limits';

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
  /**
   * Elements whose own children are worth watching, not their subtrees: the ancestors of a
   * narrow observed root, so a view that replaces it (or the whole app) is seen at once.
   */
  shallowRoots?(): Element[];
  /**
   * A cheap fingerprint of which conversation the host shows (name + id markers), checked
   * on every mutation so the sidebar blanks in the same frame the host starts a switch.
   */
  quickKey(): string;
  /** The part of the page a drift report describes. */
  driftRoot(): Element | null;
  /** The selector pack in use (bundled or served). */
  pack(): SelectorPack;
  /** The host's reply box for the open conversation, if there is one. */
  composer(): HTMLElement | null;
  /** The host's own contact search box (Zalo), where a care item puts a name or phone. */
  searchBox?(): HTMLInputElement | null;
}

/** What a snapshot carries at most: the newest messages are the ones that matter. */
export const MAX_MESSAGES = 500;

/** The longest message text a snapshot carries; adapters cut longer bubbles to it. */
export const MAX_TEXT = MAX_MESSAGE_TEXT;

/**
 * The newest messages a snapshot carries: at most MAX_MESSAGES, and no more text than the
 * background accepts (MAX_SNAPSHOT_TEXT), so a thread of long messages loses its oldest ones
 * instead of the whole snapshot being refused.
 */
export function newestMessages(messages: SnapshotMessage[]): SnapshotMessage[] {
  const newest = messages.slice(-MAX_MESSAGES);
  let chars = 0;
  let start = newest.length;
  for (; start > 0; start--) {
    const next = chars + (newest[start - 1]?.text.length ?? 0);
    if (next > MAX_SNAPSHOT_TEXT) break;
    chars = next;
  }
  return start === 0 ? newest : newest.slice(start);
}

/** A display key for a customer we cannot identify: name and avatar file, bounded. */
export function weakKey(name: string, avatarUrl: string | undefined): string {
  let file = '';
  try {
    file = avatarUrl ? (new URL(avatarUrl).pathname.split('/').at(-1) ?? '') : '';
  } catch {
    file = '';
  }
  return `weak:${name.slice(0, 120)}|${file.slice(0, 70)}`;
}

/**
 * The health verdict from the anchors a read missed, named as agents and pack authors
 * know them (`names`), with what the agent loses because of it.
 */
export function healthFrom<A extends string>(
  missing: Set<A>,
  names: Partial<Record<A, string>>,
  facts: { strong: boolean; fallback?: string },
): Health {
  const listed = [...missing].map((m) => names[m] ?? m);
  if (listed.length === 0) return { verdict: 'ok' };
  const has = (label: string) => listed.includes(label);
  const lost = !facts.strong
    ? 'cannot confirm which customer this is'
    : has('composer')
      ? 'replies cannot be inserted'
      : has('message-list')
        ? 'the thread history is not read'
        : (facts.fallback ?? 'some conversation details are unavailable');
  return { verdict: 'degraded', missing: listed, lost };
}
