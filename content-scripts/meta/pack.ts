// The bundled selector pack for the Meta Business Suite inbox. A comment before each selector
// says which host build it serves; sources are ../shared/platforms/meta-business-suite.md (§ numbers).
// A newer pack may come from the team server (validated by core/selector-pack.ts).
import type { SelectorPack } from '@/core/selector-pack';

export const META_ANCHORS = [
  'inboxRoot',
  'listHeader',
  'detailColumn',
  'channelTabs',
  'headerName',
  'headerAvatar',
  'messageList',
  'threadItem',
  'message',
  'separator',
  'systemLine',
  'footerLine',
  'outgoing',
  'incoming',
  'composer',
  'fiberHost',
] as const;
export type MetaAnchor = (typeof META_ANCHORS)[number];
export const META_STRINGS = ['sentBy', 'automated'] as const;

/** The app root the dock narrows for the sidebar (content-scripts/dock.ts). */
export const META_DOCK_ROOT: SelectorPack['anchors'][string] = [
  /* the React mount div the whole app renders into (§10 skeleton) */ {
    css: 'body > [id^="mount_0_0_"]',
  },
];

export const metaPack: SelectorPack = {
  platform: 'meta',
  version: '2026.11.23',
  anchors: {
    inboxRoot: [
      /* bizweb 2026 and older builds (§10 skeleton) */ { css: '[role="main"]' },
      /* last resort: a build without role=main */ { css: 'body' },
    ],
    // Not in META_ANCHORS: packs served before the dock existed stay valid; the dock falls
    // back to META_DOCK_ROOT when a served pack lacks it.
    dockRoot: META_DOCK_ROOT,
    listHeader: [
      /* bizweb: the list header holding the channel tabs (§2) [H] */ {
        css: '[data-pagelet="GenericBizInboxThreadListViewHeader"]',
      },
    ],
    detailColumn: [
      /* bizweb detail column (§3) [M] */ { css: '[data-pagelet="BizInboxDetailSectionWrapper"]' },
      /* older builds (§3, DOST) [M] */ { css: '[data-pagelet="BizP13NInboxMessengerDetailView"]' },
    ],
    channelTabs: [
      /* bizweb 2026: tab links carry selected_item_id + thread_type (§1.4) [M] */ {
        css: '[data-surface*="channel_selector"] a[role="tab"][href*="selected_item_id"]',
      },
      /* bizweb without the data-surface wrapper (§2 header) */ {
        css: '[data-pagelet="GenericBizInboxThreadListViewHeader"] [role="tablist"] a[href*="selected_item_id"]',
      },
    ],
    headerName: [
      /* all builds: line-clamped name in the header pagelet (§3) [H] */ {
        css: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
      },
      /* bizweb surface path without the pagelet (§3, CB fixture) */ {
        css: '[data-surface*="detail_view_header"] ._4ik4',
      },
    ],
    headerAvatar: [
      /* all builds (§3) */ { css: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] img' },
    ],
    messageList: [
      /* bizweb 2026, English UI (§4) [H] */ {
        css: '[role="region"][aria-label^="Message list container"]',
      },
      /* bizweb 2026, Vietnamese UI (our localization guess, §4 says the label is localized) */ {
        css: '[role="region"][aria-label^="Vùng chứa danh sách tin nhắn"]',
      },
      /* older builds (§4, SEL) and the language-independent fallback */ {
        css: '[data-pagelet="BizInboxMessengerMessageListContainer"]',
      },
      /* bizweb, any language: the region inside the detail column */ {
        css: '[data-pagelet="BizInboxDetailSectionWrapper"] [role="region"]',
      },
    ],
    threadItem: [
      /* bizweb/older: messages, separators, system lines, "Sent by" lines in order (§4) */ {
        css: '[data-message-id], div.x2b8uid, [role="note"], div.x78zum5.x13a6bvl > span[dir="auto"]',
      },
    ],
    message: [/* all builds: mid.$… ids (§4) [H] */ { css: '[data-message-id]' }],
    separator: [
      /* centered date/time separators (§4 live dump) [H] */ { css: 'div.x2b8uid.x14vqqas' },
      /* DM treats role=separator as a divider (§4) [L] */ { css: '[role="separator"]' },
    ],
    systemLine: [
      /* assignment / ad referral lines (§4, DM assumption) [M] */ { css: '[role="note"]' },
      /* DM: role=status as system (§4) [L] */ { css: '[role="status"]' },
    ],
    footerLine: [
      /* "Sent by …" under Page messages (§4) [H] */ {
        css: 'div.x78zum5.x13a6bvl > span[dir="auto"]',
      },
    ],
    outgoing: [/* StyleX justify-content:flex-end (§6 STX) [H] */ { css: '.x13a6bvl' }],
    incoming: [/* StyleX justify-content:flex-start (§6 STX) [H] */ { css: '.x1nhvcw1' }],
    composer: [
      /* bizweb 2026 Lexical editor (§5) [H] */ {
        css: '[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
      },
      /* older Draft.js editor (§5, AKA) [M] */ {
        css: '.notranslate._5rpu[contenteditable="true"]',
      },
      /* oldest textarea composer (§5, DOST) [M] */ {
        css: '[data-pagelet="BizP13NInboxMessengerDetailView"] textarea',
      },
    ],
    fiberHost: [
      /* bizweb: the thread region whose fiber props carry threadID (§1.4 [M], shape inferred [L]) */ {
        css: '[data-pagelet="BizInboxDetailSectionWrapper"] [role="region"]',
      },
      /* older builds */ { css: '[data-pagelet="BizInboxMessengerMessageListContainer"]' },
    ],
  },
  strings: {
    sentBy: ['Sent by ', 'Gửi bởi ', 'ส่งโดย '],
    automated: ['Automated reply', 'Automatic reply', 'Trả lời tự động'],
  },
};
