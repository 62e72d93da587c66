// Reads the open conversation in the Meta Business Suite inbox (business.facebook.com and
// www.facebook.com /latest/inbox/). Identity order, from the platform notes §1.4/§8:
// the selected channel tab's link, cross-checked with the URL, never the name alone.
import type { Health, Platform, SnapshotMessage } from '@/core/snapshot';
import { normalizeSpaces } from '@/core/text';
import { type PlatformAdapter, queryAllFirst, queryFirst, type Reading } from '../adapter';
import { metaSelectors as S } from './selectors';

const SETTLE_MS = 1000;
const DM_VIEWS = new Set(['all', 'messenger', 'instagram_direct']);
const THREAD_TYPES: Record<string, Platform> = { FB_MESSAGE: 'messenger', IG_MESSAGE: 'instagram' };

interface TabLink {
  id: string;
  platform: Platform;
  selected: boolean;
}

function readTabs(doc: Document): TabLink[] {
  return queryAllFirst(doc, S.channelTabs).flatMap((a) => {
    const href = a.getAttribute('href');
    if (!href) return [];
    const params = new URL(href, location.origin).searchParams;
    const id = params.get('selected_item_id');
    const platform = THREAD_TYPES[params.get('thread_type') ?? ''];
    if (!id || !platform) return [];
    return [{ id, platform, selected: a.getAttribute('aria-selected') === 'true' }];
  });
}

function readMessages(list: Element | null): SnapshotMessage[] {
  if (!list) return [];
  return queryAllFirst(list, S.message).map((node) => {
    const text = normalizeSpaces(textWithEmoji(node));
    const direction = node.closest(S.outgoingWrapper)
      ? 'out'
      : node.closest(S.incomingWrapper)
        ? 'in'
        : 'system';
    return { direction, text };
  });
}

/** Visible text, with emoji images read from their alt text. */
export function textWithEmoji(node: Element): string {
  let out = '';
  const walker = node.ownerDocument.createTreeWalker(
    node,
    NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
  );
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue ?? '';
    else if ((n as Element).tagName === 'IMG') out += (n as Element).getAttribute('alt') ?? '';
  }
  return out;
}

export function createMetaAdapter(doc: Document = document): PlatformAdapter {
  // Mid-switch the header and the tab links change at different moments (~0.7 s apart,
  // notes §1.4). A new name under the old id, or the old name under a new id, means the
  // host has not finished: show nobody. If the odd pair is still there a second later it
  // is real (two customers can share a name) and we accept it.
  let shown: { id: string; name: string } | undefined;
  let oddSince: number | undefined;

  return {
    site: 'meta',
    observedRoots: () => {
      const root = queryFirst(doc, S.inboxRoot);
      return root ? [root] : [];
    },
    read(now): Reading {
      const url = new URL(location.href);
      const view = url.pathname.match(/^\/latest\/inbox\/([^/?#]+)/)?.[1];
      if (!view || !DM_VIEWS.has(view)) {
        return {
          kind: 'unsupported',
          reason: `not a message inbox view (${view ?? url.pathname})`,
        };
      }
      const accountId = url.searchParams.get('asset_id') || url.searchParams.get('page_id');
      const tabs = readTabs(doc);
      const selectedTab = tabs.find((t) => t.selected) ?? tabs[0];
      const urlId = url.searchParams.get('selected_item_id');
      const urlPlatform = THREAD_TYPES[url.searchParams.get('thread_type') ?? ''];

      const headerEl = queryFirst(doc, S.headerName);
      const displayName = normalizeSpaces(headerEl?.textContent ?? '');
      const list = queryFirst(doc, S.messageList);
      const missing: string[] = [];
      if (!headerEl) missing.push('header-name');
      if (!list) missing.push('message-list');

      let id: string | undefined;
      let platform: Platform | undefined;
      let idSource = '';
      if (selectedTab) {
        id = selectedTab.id;
        platform = selectedTab.platform;
        idSource = 'tab-link';
        if (urlId && urlId !== id) {
          // The URL and the tabs disagree: one of them is stale. Show nobody.
          return { kind: 'pending', reason: 'url and channel tabs name different conversations' };
        }
      } else if (urlId && urlPlatform) {
        id = urlId;
        platform = urlPlatform;
        idSource = 'url';
        missing.push('channel-selector');
      }
      if (!accountId || !id || !platform) {
        if (!displayName) return { kind: 'pending', reason: 'no conversation is open yet' };
        missing.push(...(accountId ? [] : ['asset-id']), ...(id ? [] : ['channel-selector']));
      }

      if (id && displayName && shown) {
        const odd =
          (shown.id === id && shown.name !== displayName) ||
          (shown.id !== id && shown.name === displayName);
        if (!odd) oddSince = undefined;
        else if (oddSince === undefined || now - oddSince < SETTLE_MS) {
          oddSince ??= now;
          return {
            kind: 'pending',
            reason: 'header and conversation id changed at different times',
          };
        }
      }

      const health: Health =
        missing.length === 0
          ? { verdict: 'ok' }
          : {
              verdict: 'degraded',
              missing,
              lost: missing.includes('channel-selector')
                ? 'cannot confirm which customer this is'
                : 'some conversation details are unavailable',
            };

      const strong = Boolean(accountId && id && platform);
      if (!strong && !displayName) return { kind: 'pending', reason: 'no conversation id or name' };
      if (strong && id && displayName) {
        shown = { id, name: displayName };
        oddSince = undefined;
      }
      const avatarUrl = queryFirst(doc, S.headerAvatar)?.getAttribute('src') ?? undefined;

      return {
        kind: 'snapshot',
        snapshot: {
          platform: platform ?? 'messenger',
          accountId: accountId ?? 'unknown',
          // A weak identity is keyed by what we can see; it is never merged on.
          externalId: strong && id ? id : `weak:${displayName}|${avatarUrl ?? ''}`,
          idSource: strong ? idSource : 'header',
          idConfidence: strong ? 'strong' : 'weak',
          displayName,
          ...(avatarUrl ? { avatarUrl } : {}),
          isGroup: false,
          messages: readMessages(list),
          health,
          capturedAt: now,
        },
      };
    },
  };
}
