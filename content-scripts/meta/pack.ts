// The bundled selector pack for the Meta Business Suite inbox. Each selector says which
// host build it serves; sources are ../shared/platforms/meta-business-suite.md (§ numbers).
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
  {
    css: 'body > [id^="mount_0_0_"]',
    serves: 'the React mount div the whole app renders into (§10 skeleton)',
  },
];

export const metaPack: SelectorPack = {
  platform: 'meta',
  version: '2026.11.23',
  anchors: {
    inboxRoot: [
      { css: '[role="main"]', serves: 'bizweb 2026 and older builds (§10 skeleton)' },
      { css: 'body', serves: 'last resort: a build without role=main' },
    ],
    // Not in META_ANCHORS: packs served before the dock existed stay valid; the dock falls
    // back to META_DOCK_ROOT when a served pack lacks it.
    dockRoot: META_DOCK_ROOT,
    listHeader: [
      {
        css: '[data-pagelet="GenericBizInboxThreadListViewHeader"]',
        serves: 'bizweb: the list header holding the channel tabs (§2) [H]',
      },
    ],
    detailColumn: [
      {
        css: '[data-pagelet="BizInboxDetailSectionWrapper"]',
        serves: 'bizweb detail column (§3) [M]',
      },
      {
        css: '[data-pagelet="BizP13NInboxMessengerDetailView"]',
        serves: 'older builds (§3, DOST) [M]',
      },
    ],
    channelTabs: [
      {
        css: '[data-surface*="channel_selector"] a[role="tab"][href*="selected_item_id"]',
        serves: 'bizweb 2026: tab links carry selected_item_id + thread_type (§1.4) [M]',
      },
      {
        css: '[data-pagelet="GenericBizInboxThreadListViewHeader"] [role="tablist"] a[href*="selected_item_id"]',
        serves: 'bizweb without the data-surface wrapper (§2 header)',
      },
    ],
    headerName: [
      {
        css: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
        serves: 'all builds: line-clamped name in the header pagelet (§3) [H]',
      },
      {
        css: '[data-surface*="detail_view_header"] ._4ik4',
        serves: 'bizweb surface path without the pagelet (§3, CB fixture)',
      },
    ],
    headerAvatar: [
      {
        css: '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] img',
        serves: 'all builds (§3)',
      },
    ],
    messageList: [
      {
        css: '[role="region"][aria-label^="Message list container"]',
        serves: 'bizweb 2026, English UI (§4) [H]',
      },
      {
        css: '[role="region"][aria-label^="Vùng chứa danh sách tin nhắn"]',
        serves:
          'bizweb 2026, Vietnamese UI (our localization guess, §4 says the label is localized)',
      },
      {
        css: '[data-pagelet="BizInboxMessengerMessageListContainer"]',
        serves: 'older builds (§4, SEL) and the language-independent fallback',
      },
      {
        css: '[data-pagelet="BizInboxDetailSectionWrapper"] [role="region"]',
        serves: 'bizweb, any language: the region inside the detail column',
      },
    ],
    threadItem: [
      {
        css: '[data-message-id], div.x2b8uid, [role="note"], div.x78zum5.x13a6bvl > span[dir="auto"]',
        serves: 'bizweb/older: messages, separators, system lines, "Sent by" lines in order (§4)',
      },
    ],
    message: [{ css: '[data-message-id]', serves: 'all builds: mid.$… ids (§4) [H]' }],
    separator: [
      { css: 'div.x2b8uid.x14vqqas', serves: 'centered date/time separators (§4 live dump) [H]' },
      { css: '[role="separator"]', serves: 'DM treats role=separator as a divider (§4) [L]' },
    ],
    systemLine: [
      { css: '[role="note"]', serves: 'assignment / ad referral lines (§4, DM assumption) [M]' },
      { css: '[role="status"]', serves: 'DM: role=status as system (§4) [L]' },
    ],
    footerLine: [
      {
        css: 'div.x78zum5.x13a6bvl > span[dir="auto"]',
        serves: '"Sent by …" under Page messages (§4) [H]',
      },
    ],
    outgoing: [{ css: '.x13a6bvl', serves: 'StyleX justify-content:flex-end (§6 STX) [H]' }],
    incoming: [{ css: '.x1nhvcw1', serves: 'StyleX justify-content:flex-start (§6 STX) [H]' }],
    composer: [
      {
        css: '[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
        serves: 'bizweb 2026 Lexical editor (§5) [H]',
      },
      {
        css: '.notranslate._5rpu[contenteditable="true"]',
        serves: 'older Draft.js editor (§5, AKA) [M]',
      },
      {
        css: '[data-pagelet="BizP13NInboxMessengerDetailView"] textarea',
        serves: 'oldest textarea composer (§5, DOST) [M]',
      },
    ],
    fiberHost: [
      {
        css: '[data-pagelet="BizInboxDetailSectionWrapper"] [role="region"]',
        serves:
          'bizweb: the thread region whose fiber props carry threadID (§1.4 [M], shape inferred [L])',
      },
      { css: '[data-pagelet="BizInboxMessengerMessageListContainer"]', serves: 'older builds' },
    ],
  },
  strings: {
    sentBy: ['Sent by ', 'Gửi bởi ', 'ส่งโดย '],
    automated: ['Automated reply', 'Automatic reply', 'Trả lời tự động'],
  },
};
