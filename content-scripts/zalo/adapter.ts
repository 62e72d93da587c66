// Reads the open conversation on Zalo Web (chat.zalo.me). The URL never names the thread
// (notes §1), so the id comes from the selected row's anim-data-id, cross-checked with the
// last segment of the bubbles' data-qid (notes §2, §4.3); when the virtual list has
// scrolled the row away, the bubbles alone still name the thread.

import { ZALO_UNKNOWN_ACCOUNT } from '@/core/platforms';
import type { SelectorPack } from '@/core/selector-pack';
import type { SnapshotMessage } from '@/core/snapshot';
import { normalizeSpaces } from '@/core/text';
import {
  healthFrom,
  MAX_TEXT,
  newestMessages,
  type PlatformAdapter,
  type Reading,
  weakKey,
} from '../adapter';
import { Anchors } from '../anchors';
import { ZALO_SEARCH_BOX, type ZaloAnchor, zaloPack } from './pack';

/** Parts of a bubble's data-qid `<msgId>@<cliMsgId>_<fromUid>_<threadId>`. */
export function parseQid(qid: string | null): { fromUid?: string; threadId?: string } {
  if (!qid) return {};
  const parts = qid.split('@')[1]?.split('_') ?? [];
  const threadId = parts.at(-1);
  const fromUid = parts.length >= 3 ? parts.at(-2) : undefined;
  return {
    ...(threadId && /^g?\d{5,}$/.test(threadId) ? { threadId } : {}),
    ...(fromUid && /^\d{5,}$/.test(fromUid) ? { fromUid } : {}),
  };
}

/** Where a bubble's text lives, or what the bubble is instead. */
function bubbleContent(a: Anchors<ZaloAnchor>, b: Element): { textEl: Element } | { text: string } {
  const textEl = a.optional(b, 'bubbleText');
  if (textEl) return { textEl };
  if (a.optional(b, 'recalled')) return { text: '[recalled]' };
  if (a.optional(b, 'photo')) return { text: '[photo]' };
  if (a.optional(b, 'sticker')) return { text: '[sticker]' };
  // Files, voice and video have no replica yet (notes §4.3): read as empty, not guessed.
  return { text: '' };
}

/**
 * What a bubble element is, kept between reads (Meta's adapter does the same per thread
 * item): a thread that grows by one bubble costs one bubble's selector work, not the whole
 * thread's. Each fact is checked before reuse, since Zalo edits bubbles in place (the newest
 * one loses its markers when the next arrives, a recall replaces the content).
 */
interface BubbleFacts {
  parent: Element | null;
  /** An album item inside another bubble: not a message of its own. */
  nested: boolean;
  at: number;
  run: Element | null;
  outgoingRun: boolean;
  textEl: Element | null;
  raw: string;
  text: string;
}

export type BubbleMemo = WeakMap<Element, BubbleFacts>;

function bubbleFacts(a: Anchors<ZaloAnchor>, b: Element, memo: BubbleMemo): BubbleFacts {
  let f = memo.get(b);
  if (!f || f.parent !== b.parentElement || (f.run && !f.run.contains(b))) {
    f = {
      parent: b.parentElement,
      nested: Boolean(b.parentElement && a.closest(b.parentElement, 'bubble')),
      at: Number(b.id.match(/^bb_msg_id_(\d{12,14})/)?.[1]),
      run: a.closest(b, 'run'),
      outgoingRun: Boolean(a.closest(b, 'outgoingRun')),
      textEl: null,
      raw: '',
      text: '',
    };
    memo.set(b, f);
  }
  if (f.nested) return f;
  // The text element found last time while it is still inside the bubble (a recall
  // replaces it); bubbles without text (recalled, photo, sticker) are looked up again.
  if (!(f.textEl && b.contains(f.textEl))) {
    const content = bubbleContent(a, b);
    f.textEl = 'textEl' in content ? content.textEl : null;
    if ('text' in content) {
      f.raw = '';
      f.text = content.text;
      return f;
    }
    f.raw = '\u0000'; // forces the normalisation below
  }
  const raw = f.textEl?.textContent ?? '';
  if (raw !== f.raw) {
    f.raw = raw;
    // Cut to the schema's limit (DOM fuzzing: a 25,000-character bubble failed the snapshot).
    f.text = normalizeSpaces(raw).slice(0, MAX_TEXT);
  }
  return f;
}

/**
 * A bubble frame's data-qid, parsed, and whether it sits in one of our own bubbles: kept
 * while the qid and the parent stay (a frame re-parented may change sides).
 */
type FrameMemo = WeakMap<
  Element,
  {
    qid: string | null;
    parent: Element | null;
    threadId: string | undefined;
    fromUid: string | undefined;
    outgoing: boolean;
  }
>;

function frameFacts(a: Anchors<ZaloAnchor>, frame: Element, memo: FrameMemo) {
  const qid = frame.getAttribute('data-qid');
  let f = memo.get(frame);
  if (!f || f.qid !== qid || f.parent !== frame.parentElement) {
    const { threadId, fromUid } = parseQid(qid);
    const outgoing = Boolean(fromUid && a.closest(frame, 'outgoingBubble'));
    f = { qid, parent: frame.parentElement, threadId, fromUid, outgoing };
    memo.set(frame, f);
  }
  return f;
}

/**
 * The logged-in account: the sender of our own bubbles. A customer's frame inside one of
 * ours (a quoted reply; DOM fuzzing moved one there) must not make the customer the shop's
 * account, so a uid that also sends incoming bubbles, or is the thread itself, is not ours,
 * and two candidates mean we do not know.
 */
function ownAccount(
  outgoing: Set<string>,
  incoming: Set<string>,
  threads: Set<string>,
): string | undefined {
  const own = [...outgoing].filter((uid) => !incoming.has(uid) && !threads.has(uid));
  return own.length === 1 ? own[0] : undefined;
}

export function readZaloThread(
  a: Anchors<ZaloAnchor>,
  list: Element,
  memo: BubbleMemo = new WeakMap(),
): SnapshotMessage[] {
  const out: SnapshotMessage[] = [];
  let runSender: { run: Element; name: string } | undefined;
  for (const b of a.all(list, 'bubble')) {
    const f = bubbleFacts(a, b, memo);
    if (f.nested) continue;
    const outgoing = f.outgoingRun || b.classList.contains('me');
    const message: SnapshotMessage = { direction: outgoing ? 'out' : 'in', text: f.text };
    if (Number.isFinite(f.at)) message.at = f.at;
    // Group chats name the sender on the first bubble of a run only.
    if (f.run && !outgoing) {
      if (runSender?.run !== f.run) {
        const name = a.optional(f.run, 'senderName')?.textContent;
        if (name) runSender = { run: f.run, name: normalizeSpaces(name).slice(0, 200) };
      }
      if (runSender?.run === f.run) message.sentBy = runSender.name;
    }
    out.push(message);
  }
  return out;
}

export interface ZaloAdapterOptions {
  doc?: Document;
  pack?: SelectorPack;
  /** The logged-in account when known some other way (e.g. Zalo's zdb_<uid> database). */
  ownUid?: () => string | undefined;
}

export function createZaloAdapter(options: ZaloAdapterOptions = {}): PlatformAdapter & {
  usePack(pack: SelectorPack): void;
} {
  const doc = options.doc ?? document;
  let a = new Anchors<ZaloAnchor>(options.pack ?? zaloPack);
  let ownUid: string | undefined;
  // Per-element facts survive between reads; a pack change starts afresh.
  let bubbles: BubbleMemo = new WeakMap();
  let frames: FrameMemo = new WeakMap();

  /** The nearest element holding both the conversation header and the thread. */
  const chatColumn = (): Element | null => {
    const header = a.optional(doc, 'headerName');
    const thread = a.optional(doc, 'chatView');
    if (!header || !thread) return null;
    const app = a.optional(doc, 'appRoot');
    for (let el = thread.parentElement; el && el !== app; el = el.parentElement) {
      if (el.contains(header)) return el;
    }
    return null;
  };

  return {
    site: 'zalo',
    usePack(pack) {
      a = new Anchors<ZaloAnchor>(pack);
      bubbles = new WeakMap();
      frames = new WeakMap();
    },
    composer: () => a.cached(doc, 'composer') as HTMLElement | null,
    searchBox: () => {
      for (const { css } of a.pack.anchors.searchBox ?? ZALO_SEARCH_BOX) {
        const found = doc.querySelector(css);
        if (found instanceof HTMLInputElement) return found;
      }
      return null;
    },
    pack: () => a.pack,
    driftRoot: () => a.optional(doc, 'appRoot'),
    quickKey: () => {
      const row = a.cached(doc, 'selectedRow')?.closest(a.css('row'))?.getAttribute('anim-data-id');
      return `${row ?? ''}|${a.cached(doc, 'headerName')?.textContent ?? ''}`;
    },
    observedRoots: () => {
      // The open conversation's column (header, messages, composer), not the whole app:
      // the conversation list re-renders on every new message in any conversation, and
      // none of that says who is open.
      const column = chatColumn();
      if (column) return [column];
      const root = a.optional(doc, 'appRoot');
      return root ? [root] : [];
    },
    shallowRoots: () => {
      // Its ancestors up to the app root, children only: a column or app replaced
      // wholesale (another build, the idle screen) is seen at once, a list row is not.
      const column = chatColumn();
      const app = a.optional(doc, 'appRoot');
      if (!column || !app?.contains(column)) return [];
      const out: Element[] = [];
      for (let el = column.parentElement; el; el = el.parentElement) {
        out.push(el);
        if (el === app) break;
      }
      return out;
    },
    read(now): Reading {
      a.reset();
      const idle = a.optional(doc, 'idleModal');
      if (idle && a.strings('idleButton').some((s) => idle.textContent?.includes(s))) {
        return { kind: 'unsupported', reason: 'Zalo Web is inactive (“Kích hoạt”)' };
      }
      if (!a.optional(doc, 'chatView'))
        return { kind: 'unsupported', reason: 'no conversation is open' };

      const rowId =
        a.optional(doc, 'selectedRow')?.closest(a.css('row'))?.getAttribute('anim-data-id') ??
        undefined;
      const list = a.first(doc, 'messageList');
      const qidThreads = new Set<string>();
      const outgoingUids = new Set<string>();
      const incomingUids = new Set<string>();
      for (const frame of list ? a.all(list, 'bubbleFrame') : []) {
        const { threadId, fromUid, outgoing } = frameFacts(a, frame, frames);
        if (threadId) qidThreads.add(threadId);
        if (fromUid) (outgoing ? outgoingUids : incomingUids).add(fromUid);
      }
      ownUid = ownAccount(outgoingUids, incomingUids, qidThreads) ?? ownUid;
      if (rowId && qidThreads.size > 0 && !qidThreads.has(rowId)) {
        // The list moved on but the thread has not re-rendered yet (or the reverse).
        return {
          kind: 'pending',
          reason: 'the selected row and the messages name different threads',
        };
      }
      if (qidThreads.size > 1)
        return { kind: 'pending', reason: 'messages of several threads on screen' };

      const id = rowId ?? [...qidThreads][0];
      const headerEl = a.first(doc, 'headerName');
      // An empty header is Zalo mid-switch (the composer still shows the previous
      // conversation): wait. The composer's name stands in only when the header is gone.
      if (headerEl && !normalizeSpaces(headerEl.textContent ?? '')) {
        return { kind: 'pending', reason: 'the conversation header is re-rendering' };
      }
      const displayName = normalizeSpaces(
        headerEl?.textContent ??
          a.optional(doc, 'composerTrailer')?.getAttribute('data-trailer') ??
          '',
      ).slice(0, 300);
      if (!id && !displayName) return { kind: 'pending', reason: 'no conversation id or name yet' };
      a.first(doc, 'composer');
      // A row scrolled out of the virtual list is normal when the bubbles confirm the id.
      if (!rowId && !id) a.missing.add('selectedRow');

      const avatarUrl = a.optional(doc, 'headerAvatar')?.getAttribute('src') ?? undefined;
      return {
        kind: 'snapshot',
        snapshot: {
          platform: 'zalo',
          // Customer ids are Zalo-wide; the account only scopes them when we know it.
          accountId: options.ownUid?.() ?? ownUid ?? ZALO_UNKNOWN_ACCOUNT,
          externalId: id ?? weakKey(displayName, avatarUrl),
          idSource: rowId ? 'anim-data-id' : id ? 'data-qid' : 'header',
          idConfidence: id ? 'strong' : 'weak',
          displayName,
          ...(avatarUrl && avatarUrl.length <= 2048 ? { avatarUrl } : {}),
          isGroup: Boolean(id?.startsWith('g') || a.optional(doc, 'groupHeader')),
          messages: list ? newestMessages(readZaloThread(a, list, bubbles)) : [],
          health: healthFrom(a.missing, ZALO_ANCHOR_NAMES, { strong: Boolean(id) }),
          capturedAt: now,
        },
      };
    },
  };
}

export const ZALO_ANCHOR_NAMES: Partial<Record<ZaloAnchor, string>> = {
  selectedRow: 'selected-row',
  headerName: 'header-name',
  messageList: 'message-list',
  composer: 'composer',
};
