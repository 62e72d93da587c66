// Reads the open conversation in the Meta Business Suite inbox (business.facebook.com and
// www.facebook.com /latest/inbox/). Identity, in the order the platform notes give (§1.4,
// §8): the channel tab links (chosen by thread_type), the URL (checked against the tabs),
// the main-world bridge to React's props; only then a weak identity from the header.
import { parseSeparator } from '@/core/date-separators';
import type { SelectorPack } from '@/core/selector-pack';
import type { Platform, SnapshotMessage } from '@/core/snapshot';
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
import { type Bridge, domBridge } from './bridge';
import { type MetaAnchor, metaPack } from './pack';

const DM_VIEWS: Record<string, Platform | undefined> = {
  all: undefined,
  messenger: 'messenger',
  instagram_direct: 'instagram',
};
const THREAD_TYPES: Record<string, Platform> = { FB_MESSAGE: 'messenger', IG_MESSAGE: 'instagram' };

interface TabLink {
  id: string;
  platform: Platform;
  selected: boolean;
}

function readTabs(a: Anchors<MetaAnchor>, doc: Document): TabLink[] {
  return a.all(doc, 'channelTabs').flatMap((el) => {
    const href = el.getAttribute('href');
    if (!href) return [];
    // A link the URL parser refuses names no thread; read() must not throw over it.
    let params: URLSearchParams;
    try {
      params = new URL(href, location.origin).searchParams;
    } catch {
      return [];
    }
    const id = params.get('selected_item_id');
    const platform = THREAD_TYPES[params.get('thread_type') ?? ''];
    if (!id || !platform) return [];
    return [{ id, platform, selected: el.getAttribute('aria-selected') === 'true' }];
  });
}

/** Visible text with emoji images read from their alt text; quoted replies left out. */
export function visibleText(node: Element): string {
  let out = '';
  const walker = node.ownerDocument.createTreeWalker(
    node,
    NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
    {
      acceptNode: (n) =>
        n !== node &&
        n.nodeType === Node.ELEMENT_NODE &&
        (n as Element).hasAttribute('data-message-id')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    },
  );
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue ?? '';
    else if ((n as Element).tagName === 'IMG') out += (n as Element).getAttribute('alt') ?? '';
    else if ((n as Element).getAttribute('role') === 'img')
      out += (n as Element).getAttribute('aria-label') ?? '';
  }
  return normalizeSpaces(out);
}

/** Which side a bubble sits on: the nearer of the two direction wrappers inside the list. */
function directionOf(
  a: Anchors<MetaAnchor>,
  el: Element,
  list: Element,
): SnapshotMessage['direction'] {
  const inside = (w: Element | null) => (w && list.contains(w) && w !== list ? w : null);
  const out = inside(a.closest(el, 'outgoing'));
  const inc = inside(a.closest(el, 'incoming'));
  if (out && inc) return out.contains(inc) ? 'in' : 'out';
  return out ? 'out' : inc ? 'in' : 'system';
}

export interface ThreadContext {
  now: number;
  utcOffsetMinutes: number;
  numericOrder: 'mdy' | 'dmy';
}

/** What one thread item is, independent of its neighbours: cached per element. */
type ItemFacts =
  | { kind: 'message'; direction: SnapshotMessage['direction']; text: string }
  | { kind: 'system'; text: string }
  | { kind: 'separator'; text: string }
  | { kind: 'footer'; text: string }
  | { kind: 'skip' };

function itemFacts(a: Anchors<MetaAnchor>, el: Element, list: Element): ItemFacts {
  if (a.is(el, 'message')) {
    // A quoted reply nests a message inside another: it belongs to its parent.
    if (el.parentElement && a.closest(el.parentElement, 'message')) return { kind: 'skip' };
    // Cut to the schema's limit (DOM fuzzing: a 25,000-character bubble failed the snapshot).
    const text = visibleText(el).slice(0, MAX_TEXT);
    return { kind: 'message', direction: directionOf(a, el, list), text };
  }
  // Cards and notes inside a bubble are part of that message.
  if (a.closest(el, 'message')) return { kind: 'skip' };
  if (a.is(el, 'systemLine')) return { kind: 'system', text: visibleText(el).slice(0, MAX_TEXT) };
  if (a.is(el, 'separator')) return { kind: 'separator', text: el.textContent ?? '' };
  if (a.is(el, 'footerLine'))
    return { kind: 'footer', text: normalizeSpaces(el.textContent ?? '') };
  return { kind: 'skip' };
}

/**
 * Messages, separators, system lines and "Sent by" lines, walked in document order.
 * `memo` keeps what each element is between reads: rendered messages do not change, so a
 * thread that grows by one message costs one new element's work, not the whole thread's.
 */
export function readMetaThread(
  a: Anchors<MetaAnchor>,
  list: Element,
  ctx: ThreadContext,
  memo: WeakMap<Element, ItemFacts> = new WeakMap(),
): SnapshotMessage[] {
  const sentByPrefixes = a.strings('sentBy');
  const automatedMarks = a.strings('automated');
  const out: SnapshotMessage[] = [];
  let at: number | undefined;
  let unattributed: SnapshotMessage[] = [];

  for (const el of a.all(list, 'threadItem')) {
    let facts = memo.get(el);
    if (!facts) {
      facts = itemFacts(a, el, list);
      memo.set(el, facts);
    }
    switch (facts.kind) {
      case 'message': {
        const message: SnapshotMessage = { direction: facts.direction, text: facts.text };
        if (at !== undefined) message.at = at;
        out.push(message);
        if (facts.direction === 'out') unattributed.push(message);
        else unattributed = [];
        break;
      }
      case 'system': {
        const message: SnapshotMessage = { direction: 'system', text: facts.text };
        if (at !== undefined) message.at = at;
        out.push(message);
        break;
      }
      case 'separator':
        at = parseSeparator(facts.text, ctx) ?? at;
        unattributed = [];
        break;
      case 'footer': {
        const prefix = sentByPrefixes.find((p) => facts.text.startsWith(p.trim()));
        if (!prefix) break;
        let name = facts.text.slice(prefix.trim().length).trim();
        // Pack strings are data, never patterns: plain string search only.
        const mark = automatedMarks.find((m) => m && name.includes(m));
        if (mark) name = name.slice(0, name.indexOf(mark)).replace(/[\s·]+$/, '');
        name = name.slice(0, 200);
        for (const m of unattributed) {
          m.sentBy = name;
          if (mark) m.automated = true;
        }
        unattributed = [];
        break;
      }
    }
  }
  return out;
}

export interface MetaAdapterOptions {
  doc?: Document;
  pack?: SelectorPack;
  bridge?: Bridge;
}

export function createMetaAdapter(options: MetaAdapterOptions = {}): PlatformAdapter & {
  usePack(pack: SelectorPack): void;
} {
  const doc = options.doc ?? document;
  const bridge = options.bridge ?? domBridge;
  let a = new Anchors<MetaAnchor>(options.pack ?? metaPack);
  // Mid-switch the header and the tab links change at different moments (~0.7 s apart,
  // notes §1.4). A new name under the old id, or the old name under a new id, means the
  // host has not finished: show nobody unless React's props for the open thread confirm
  // the pair (a rename, or two customers with one name). Time alone never settles it.
  let shown: { id: string; name: string } | undefined;
  // Per-element facts survive between reads; a pack change starts afresh.
  let memo = new WeakMap<Element, ItemFacts>();
  let urlAtLoad:
    | { href: string; name: string; tabId?: string; list: Element | null; switched: boolean }
    | undefined;
  /** React's props for the open thread, through the main-world bridge. */
  const askFiber = () => {
    if (!a.optional(doc, 'fiberHost')) return undefined;
    for (const s of a.pack.anchors.fiberHost ?? []) {
      const answer = bridge(s.css);
      if (answer) return answer;
    }
    return undefined;
  };

  return {
    site: 'meta',
    usePack(pack) {
      a = new Anchors<MetaAnchor>(pack);
      memo = new WeakMap();
    },
    composer: () => a.cached(doc, 'composer') as HTMLElement | null,
    pack: () => a.pack,
    driftRoot: () => a.optional(doc, 'inboxRoot'),
    quickKey: () =>
      `${location.href}|${a.cached(doc, 'headerName')?.textContent ?? ''}|${a.cached(doc, 'channelTabs')?.getAttribute('href') ?? ''}`,
    observedRoots: () => {
      // Outside a message inbox view (comments, settings, the feed) observe nothing; the
      // slow re-check notices when the agent comes back.
      const view = location.pathname.match(/^\/latest\/inbox\/([^/?#]+)/)?.[1] ?? '';
      if (!(view in DM_VIEWS)) return [];
      // The tabs and the open conversation, not the whole inbox: the conversation list
      // re-renders on every new message anywhere, and none of that says who is open.
      const roots = [a.optional(doc, 'listHeader'), a.optional(doc, 'detailColumn')].filter(
        (r): r is Element => r !== null,
      );
      if (roots.length === 2) return roots;
      const root = a.optional(doc, 'inboxRoot');
      return root ? [root] : roots;
    },
    read(now): Reading {
      a.reset();
      const url = new URL(location.href);
      const view = url.pathname.match(/^\/latest\/inbox\/([^/?#]+)/)?.[1] ?? '';
      if (!(view in DM_VIEWS)) {
        return {
          kind: 'unsupported',
          reason: `not a message inbox view (${view || url.pathname})`,
        };
      }
      const accountId = url.searchParams.get('asset_id') || url.searchParams.get('page_id');
      const headerEl = a.first(doc, 'headerName');
      const displayName = normalizeSpaces(headerEl?.textContent ?? '');
      const list = a.first(doc, 'messageList');
      a.first(doc, 'composer');

      // 1. The tab links, chosen by thread_type: the view's own channel, or on "All" the
      //    selected tab (it carries the open thread).
      const tabs = readTabs(a, doc);
      const viewPlatform = DM_VIEWS[view];
      const tab = viewPlatform
        ? (tabs.find((t) => t.platform === viewPlatform && t.selected) ??
          tabs.find((t) => t.platform === viewPlatform))
        : tabs.find((t) => t.selected);
      const urlId = url.searchParams.get('selected_item_id') ?? undefined;
      const urlPlatform = THREAD_TYPES[url.searchParams.get('thread_type') ?? ''];
      // Older builds keep the URL in step with the open thread (notes §1.4).
      const olderBuild = Boolean(
        urlId && tabs.length === 0 && a.optional(doc, 'composer')?.matches('._5rpu'),
      );
      // Tab links that name no thread for this view (none selected on "All", no tab of the
      // view's channel) are as lost as no tabs at all: say so, or a weak identity would
      // come with an "ok" verdict (DOM fuzzing: the selected tab moved out of the selector).
      if (!tab && !olderBuild) a.missing.add('channelTabs');

      // The URL names the open thread only until the agent switches: bizweb never updates
      // it on a click (notes §1.4), older builds do. Any sign of a switch ends the trust.
      if (!urlAtLoad || urlAtLoad.href !== location.href) {
        urlAtLoad = { href: location.href, name: displayName, list, switched: false };
        if (tab) urlAtLoad.tabId = tab.id;
      } else if (
        (displayName && urlAtLoad.name && displayName !== urlAtLoad.name) ||
        (tab && urlAtLoad.tabId && tab.id !== urlAtLoad.tabId) ||
        (list && urlAtLoad.list && list !== urlAtLoad.list)
      ) {
        urlAtLoad.switched = true;
      }
      urlAtLoad.name ||= displayName;
      urlAtLoad.list ??= list;
      if (tab) urlAtLoad.tabId ??= tab.id;
      const urlTrusted = Boolean(urlId && urlPlatform && (olderBuild || !urlAtLoad.switched));

      let id: string | undefined;
      let platform: Platform | undefined;
      let idSource = '';
      if (tab) {
        if (urlTrusted && urlId !== tab.id && urlPlatform === tab.platform) {
          return {
            kind: 'pending',
            reason: 'the URL and the channel tabs name different conversations',
          };
        }
        ({ id, platform } = tab);
        idSource = 'tab-link';
      } else if (urlTrusted && urlId && urlPlatform) {
        id = urlId;
        platform = urlPlatform;
        idSource = 'url';
      } else {
        // 3. React's props through the main-world bridge, only when they name the thread
        //    the header shows (the page could answer in the bridge's place).
        const answer = askFiber();
        if (answer && sameName(answer.title, displayName)) {
          id = answer.threadId;
          platform =
            THREAD_TYPES[answer.threadType ?? ''] ??
            viewPlatform ??
            (urlTrusted ? urlPlatform : undefined);
          idSource = 'fiber';
        } else if (answer?.title !== undefined) {
          // A contradiction, not a gap: the page is mid-render or the answer is not ours.
          return { kind: 'pending', reason: 'React props and the header name different threads' };
        }
      }

      if (!displayName && !id) return { kind: 'pending', reason: 'no conversation is open yet' };
      const strong = Boolean(accountId && id && platform);
      if (!accountId) a.missing.add('inboxRoot'); // asset_id lost from the URL

      if (strong && id && displayName && shown) {
        const odd =
          (shown.id === id && shown.name !== displayName) ||
          (shown.id !== id && shown.name === displayName);
        if (odd && idSource !== 'fiber') {
          const confirm = askFiber();
          if (!(confirm?.threadId === id && sameName(confirm.title, displayName))) {
            return {
              kind: 'pending',
              reason: 'header and conversation id changed at different times',
            };
          }
        }
      }
      if (strong && id && displayName) shown = { id, name: displayName };

      const messages = list
        ? readMetaThread(
            a,
            list,
            {
              now,
              utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
              numericOrder: doc.documentElement.lang.startsWith('vi') ? 'dmy' : 'mdy',
            },
            memo,
          )
        : [];
      const avatarUrl = a.optional(doc, 'headerAvatar')?.getAttribute('src') ?? undefined;
      return {
        kind: 'snapshot',
        snapshot: {
          platform: platform ?? viewPlatform ?? 'messenger',
          accountId: accountId ?? 'unknown',
          // A weak identity is only what we can see; it is never stored or merged on.
          externalId: strong && id ? id : weakKey(displayName, avatarUrl),
          idSource: strong ? idSource : 'header',
          idConfidence: strong ? 'strong' : 'weak',
          displayName: displayName.slice(0, 300),
          ...(avatarUrl && avatarUrl.length <= 2048 ? { avatarUrl } : {}),
          isGroup: false,
          messages: newestMessages(messages),
          // The bridge standing in for the tabs works, but it means the tabs changed:
          // say so, so the pack gets fixed before the bridge breaks too.
          health: healthFrom(a.missing, META_ANCHOR_NAMES, {
            strong,
            ...(idSource === 'fiber'
              ? { fallback: 'the customer is read through a slower fallback' }
              : {}),
          }),
          capturedAt: now,
        },
      };
    },
  };
}

export const META_ANCHOR_NAMES: Partial<Record<MetaAnchor, string>> = {
  channelTabs: 'channel-selector',
  headerName: 'header-name',
  messageList: 'message-list',
  composer: 'composer',
  inboxRoot: 'asset-id',
};

const sameName = (a: string | undefined, b: string) => a !== undefined && normalizeSpaces(a) === b;
