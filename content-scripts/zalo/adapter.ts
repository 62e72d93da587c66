// Reads the open conversation on Zalo Web (chat.zalo.me). The URL never names the thread
// (notes §1), so the id comes from the selected row's anim-data-id, cross-checked with the
// last segment of a bubble's data-qid (notes §2, §4.3).
import type { Health, SnapshotMessage } from '@/core/snapshot';
import { normalizeSpaces } from '@/core/text';
import { type PlatformAdapter, queryAllFirst, queryFirst, type Reading } from '../adapter';
import { zaloSelectors as S } from './selectors';

/** Thread id from a bubble's data-qid `<msgId>@<cliMsgId>_<fromUid>_<threadId>`. */
export function threadIdFromQid(qid: string | null): string | undefined {
  if (!qid) return undefined;
  const last = qid.split('_').at(-1);
  return last && /^g?\d{5,}$/.test(last) ? last : undefined;
}

function readMessages(bubbles: Element[]): SnapshotMessage[] {
  return bubbles.map((b) => {
    const ms = Number(b.id.match(/^bb_msg_id_(\d{12,14})/)?.[1]);
    const direction = b.closest('.chat-item.me') || b.classList.contains('me') ? 'out' : 'in';
    const text = normalizeSpaces(queryFirst(b, S.bubbleText)?.textContent ?? '');
    return Number.isFinite(ms) ? { direction, text, at: ms } : { direction, text };
  });
}

export function createZaloAdapter(doc: Document = document): PlatformAdapter {
  return {
    site: 'zalo',
    observedRoots: () => {
      const root = queryFirst(doc, S.appRoot);
      return root ? [root] : [];
    },
    read(now): Reading {
      const chatView = queryFirst(doc, S.chatView);
      if (!chatView) return { kind: 'unsupported', reason: 'no conversation is open' };

      const rowId =
        queryFirst(doc, S.selectedRowMarker)?.closest(S.rowWithId)?.getAttribute('anim-data-id') ??
        undefined;
      const list = queryFirst(doc, S.messageList);
      const bubbles = list ? queryAllFirst(list, S.bubble) : [];
      const qidIds = new Set(
        bubbles.flatMap((b) => {
          const t = threadIdFromQid(
            b.querySelector(S.bubbleQid)?.getAttribute('data-qid') ?? b.getAttribute('data-qid'),
          );
          return t ? [t] : [];
        }),
      );
      if (rowId && qidIds.size > 0 && !qidIds.has(rowId)) {
        // The list moved on but the thread has not re-rendered yet (or the reverse).
        return { kind: 'pending', reason: 'selected row and messages name different threads' };
      }
      if (qidIds.size > 1)
        return { kind: 'pending', reason: 'messages of several threads on screen' };

      const id = rowId ?? [...qidIds][0];
      const headerEl = queryFirst(doc, S.headerName);
      const displayName = normalizeSpaces(
        headerEl?.textContent ??
          queryFirst(doc, S.composerTrailer)?.getAttribute('data-trailer') ??
          '',
      );
      if (!id && !displayName) return { kind: 'pending', reason: 'no conversation id or name yet' };

      const missing: string[] = [];
      if (!rowId) missing.push('selected-row');
      if (!headerEl) missing.push('header-name');
      if (!list) missing.push('message-list');
      // A row scrolled out of the virtual list is normal when bubbles confirm the id.
      const lostId = !id;
      const health: Health =
        missing.length === 0 || (missing.length === 1 && missing[0] === 'selected-row' && id)
          ? { verdict: 'ok' }
          : {
              verdict: 'degraded',
              missing,
              lost: lostId
                ? 'cannot confirm which customer this is'
                : 'some conversation details are unavailable',
            };
      const avatarUrl = queryFirst(doc, S.headerAvatar)?.getAttribute('src') ?? undefined;

      return {
        kind: 'snapshot',
        snapshot: {
          platform: 'zalo',
          // The logged-in Zalo account is not in the page; one per browser profile for now.
          accountId: 'zalo-web',
          externalId: id ?? `weak:${displayName}|${avatarUrl ?? ''}`,
          idSource: rowId ? 'anim-data-id' : id ? 'data-qid' : 'header',
          idConfidence: id ? 'strong' : 'weak',
          displayName,
          ...(avatarUrl ? { avatarUrl } : {}),
          isGroup: Boolean(id?.startsWith('g') || queryFirst(doc, S.groupHeader)),
          messages: readMessages(bubbles),
          health,
          capturedAt: now,
        },
      };
    },
  };
}
