// Reads the open conversation on Zalo Web (chat.zalo.me). The URL never names the thread
// (notes §1), so the id comes from the selected row's anim-data-id, cross-checked with the
// last segment of the bubbles' data-qid (notes §2, §4.3); when the virtual list has
// scrolled the row away, the bubbles alone still name the thread.
import type { SelectorPack } from '@/core/selector-pack';
import { type SnapshotMessage, ZALO_UNKNOWN_ACCOUNT } from '@/core/snapshot';
import { normalizeSpaces } from '@/core/text';
import { healthFrom, MAX_MESSAGES, type PlatformAdapter, type Reading, weakKey } from '../adapter';
import { Anchors } from '../anchors';
import { type ZaloAnchor, zaloPack } from './pack';

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

function bubbleText(a: Anchors<ZaloAnchor>, b: Element): string {
  const text = a.optional(b, 'bubbleText');
  if (text) return normalizeSpaces(text.textContent ?? '');
  if (a.optional(b, 'recalled')) return '[recalled]';
  if (a.optional(b, 'photo')) return '[photo]';
  if (a.optional(b, 'sticker')) return '[sticker]';
  // Files, voice and video have no replica yet (notes §4.3): read as empty, not guessed.
  return '';
}

export function readZaloThread(a: Anchors<ZaloAnchor>, list: Element): SnapshotMessage[] {
  const out: SnapshotMessage[] = [];
  let runSender: { run: Element; name: string } | undefined;
  for (const b of a.all(list, 'bubble')) {
    if (b.parentElement && a.closest(b.parentElement, 'bubble')) continue; // album item inside a bubble
    const ms = Number(b.id.match(/^bb_msg_id_(\d{12,14})/)?.[1]);
    const run = a.closest(b, 'run');
    const outgoing = Boolean(a.closest(b, 'outgoingRun')) || b.classList.contains('me');
    const message: SnapshotMessage = { direction: outgoing ? 'out' : 'in', text: bubbleText(a, b) };
    if (Number.isFinite(ms)) message.at = ms;
    // Group chats name the sender on the first bubble of a run only.
    if (run && !outgoing) {
      const name = a.optional(run, 'senderName')?.textContent;
      if (name && runSender?.run !== run)
        runSender = { run, name: normalizeSpaces(name).slice(0, 200) };
      if (runSender?.run === run) message.sentBy = runSender.name;
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

  return {
    site: 'zalo',
    usePack(pack) {
      a = new Anchors<ZaloAnchor>(pack);
    },
    composer: () => a.cached(doc, 'composer') as HTMLElement | null,
    pack: () => a.pack,
    driftRoot: () => a.optional(doc, 'appRoot'),
    quickKey: () => {
      const row = a.cached(doc, 'selectedRow')?.closest(a.css('row'))?.getAttribute('anim-data-id');
      return `${row ?? ''}|${a.cached(doc, 'headerName')?.textContent ?? ''}`;
    },
    observedRoots: () => {
      const root = a.optional(doc, 'appRoot');
      return root ? [root] : [];
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
      const frames = list ? a.all(list, 'bubbleFrame') : [];
      const qidThreads = new Set<string>();
      for (const frame of frames) {
        const { threadId, fromUid } = parseQid(frame.getAttribute('data-qid'));
        if (threadId) qidThreads.add(threadId);
        if (fromUid && a.closest(frame, 'outgoingBubble')) {
          ownUid = fromUid;
        }
      }
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
          messages: list ? readZaloThread(a, list).slice(-MAX_MESSAGES) : [],
          health: healthFrom(a.missing, ANCHOR_NAMES, { strong: Boolean(id) }),
          capturedAt: now,
        },
      };
    },
  };
}

const ANCHOR_NAMES: Partial<Record<ZaloAnchor, string>> = {
  selectedRow: 'selected-row',
  headerName: 'header-name',
  messageList: 'message-list',
  composer: 'composer',
};
