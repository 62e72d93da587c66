// The bundled selector pack for Zalo Web. Sources: ../shared/platforms/zalo-web.md (§).
import type { SelectorPack } from '@/core/selector-pack';

export const ZALO_ANCHORS = [
  'appRoot',
  'idleModal',
  'chatView',
  'selectedRow',
  'row',
  'headerName',
  'composerTrailer',
  'headerAvatar',
  'groupHeader',
  'messageList',
  'bubble',
  'bubbleFrame',
  'bubbleText',
  'photo',
  'sticker',
  'recalled',
  'senderName',
  'run',
  'outgoingRun',
  'outgoingBubble',
  'composer',
] as const;
export type ZaloAnchor = (typeof ZALO_ANCHORS)[number];
export const ZALO_STRINGS = ['idleButton'] as const;

/** The app root the dock narrows for the sidebar (content-scripts/dock.ts). */
export const ZALO_DOCK_ROOT: SelectorPack['anchors'][string] = [
  { css: '#app', serves: 'the app root, all eras (§9 skeleton)' },
];

export const zaloPack: SelectorPack = {
  platform: 'zalo',
  version: '2026.11.23',
  anchors: {
    appRoot: [
      { css: '#app', serves: 'all eras (§9 skeleton)' },
      { css: 'body', serves: 'last resort' },
    ],
    // Not in ZALO_ANCHORS: packs served before the dock existed stay valid; the dock falls
    // back to ZALO_DOCK_ROOT when a served pack lacks it.
    dockRoot: ZALO_DOCK_ROOT,
    idleModal: [
      {
        css: '.zl-modal__footer [data-translate-inner="STR_ACTIVE"]',
        serves: '2025-26 idle modal (§8) [M]',
      },
      {
        css: '.zl-modal__footer .z--btn--v2',
        serves: 'idle modal, matched with the "Kích hoạt" text (§7)',
      },
    ],
    chatView: [{ css: '#chatView', serves: 'article#chatView, all eras (§4.1) [H]' }],
    selectedRow: [
      {
        css: '#conversationListId .msg-item[anim-data-id] .conv-item.selected',
        serves: '2024-26 (§2) [H]',
      },
      { css: '.msg-item[anim-data-id] .selected', serves: 'selected marker on another inner node' },
    ],
    row: [{ css: '.msg-item[anim-data-id]', serves: 'a list row carrying the thread id (§2) [H]' }],
    headerName: [
      { css: '#header .header-title', serves: '2026 custom tag div-b18 (§3) [H]' },
      { css: '.threadChat__title .header-title', serves: 'without header#header (§3)' },
      { css: '.threadChat__title .truncate.content', serves: '2018 form (§3) [P]' },
    ],
    composerTrailer: [{ css: '#richInput[data-trailer]', serves: 'name fallback (§3) [H]' }],
    headerAvatar: [
      { css: '#ava_chat_box_view img', serves: '2026 (§3) [M-H]' },
      { css: '.threadChat__avatar img', serves: 'older (§3)' },
    ],
    groupHeader: [
      { css: '#header .threadChat.group', serves: 'group chats add class group (§3) [M]' },
    ],
    messageList: [
      { css: '#messageViewScroll', serves: 'all eras (§4.1) [H]' },
      { css: '#chatView', serves: 'the thread without the inner scroller' },
    ],
    bubble: [{ css: '[id^="bb_msg_id_"]', serves: 'bb_msg_id_<epoch ms> (§4.3) [H]' }],
    bubbleFrame: [{ css: '[data-qid]', serves: 'message-frame data-qid (§4.3) [M]' }],
    bubbleText: [
      { css: '[data-id$="Msg_Text"] .text', serves: '2024-26 text block (§4.3) [H]' },
      { css: '.text-message__container .text', serves: '2026 container without data-id' },
      { css: '.card--text .text', serves: '2024 card' },
    ],
    photo: [
      { css: '[data-id$="Msg_Photo"], [data-id$="Msg_GrpPhoto"], .img-msg-v2', serves: '§4.3 [H]' },
    ],
    sticker: [{ css: '.sticker, .sticker-message', serves: '§4.3 [M]' }],
    recalled: [
      {
        css: '.undo-message, [data-translate-inner="STR_UNDO_MSG"], [data-translate-inner="STR_RECALLED"]',
        serves: '§4.3 [M]',
      },
    ],
    senderName: [
      { css: '.message-sender-name-content .truncate', serves: '2026 group sender (§4.3) [H]' },
      { css: '.card-sender-name', serves: 'older div-13 (§4.3)' },
    ],
    run: [{ css: '.chat-item', serves: 'a sender run of bubbles (§4.2) [H]' }],
    outgoingRun: [{ css: '.chat-item.me', serves: 'own runs (§4.2) [H]' }],
    outgoingBubble: [
      { css: '.me', serves: 'own bubble/frame class (§4.3) [H]' },
      {
        css: '[data-id^="div_SentMsg"], [data-id^="div_LastSentMsg"]',
        serves: 'sent text blocks (§4.3) [H]',
      },
    ],
    composer: [
      { css: '#richInput[contenteditable="true"]', serves: '2024-26 (§5) [H]' },
      {
        css: '#chat-input-content-id [contenteditable="true"]',
        serves: 'formatting mode input-v4 (§5) [M]',
      },
    ],
  },
  strings: { idleButton: ['Kích hoạt', 'Activate'] },
};
