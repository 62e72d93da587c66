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
  /* the app root, all eras (§9 skeleton) */ { css: '#app' },
];

/**
 * Zalo's own search box, where opening a care item puts the customer's name or phone (the
 * agent picks the result). Not in ZALO_ANCHORS, like dockRoot: packs served before it stay
 * valid and fall back to this one.
 */
export const ZALO_SEARCH_BOX: SelectorPack['anchors'][string] = [
  /* input#contact-search-input, stable since 2018 (§ Search) [H] */ {
    css: 'input#contact-search-input[data-id="txt_Main_Search"]',
  },
  /* the id alone */ { css: 'input#contact-search-input' },
];

export const zaloPack: SelectorPack = {
  platform: 'zalo',
  version: '2026.11.23',
  anchors: {
    appRoot: [/* all eras (§9 skeleton) */ { css: '#app' }, /* last resort */ { css: 'body' }],
    // Not in ZALO_ANCHORS: packs served before the dock existed stay valid; the dock falls
    // back to ZALO_DOCK_ROOT when a served pack lacks it.
    dockRoot: ZALO_DOCK_ROOT,
    searchBox: ZALO_SEARCH_BOX,
    idleModal: [
      /* 2025-26 idle modal (§8) [M] */ {
        css: '.zl-modal__footer [data-translate-inner="STR_ACTIVE"]',
      },
      /* idle modal, matched with the "Kích hoạt" text (§7) */ {
        css: '.zl-modal__footer .z--btn--v2',
      },
    ],
    chatView: [/* article#chatView, all eras (§4.1) [H] */ { css: '#chatView' }],
    selectedRow: [
      /* 2024-26 (§2) [H] */ {
        css: '#conversationListId .msg-item[anim-data-id] .conv-item.selected',
      },
      /* selected marker on another inner node */ { css: '.msg-item[anim-data-id] .selected' },
    ],
    row: [/* a list row carrying the thread id (§2) [H] */ { css: '.msg-item[anim-data-id]' }],
    headerName: [
      /* 2026 custom tag div-b18 (§3) [H] */ { css: '#header .header-title' },
      /* without header#header (§3) */ { css: '.threadChat__title .header-title' },
      /* 2018 form (§3) [P] */ { css: '.threadChat__title .truncate.content' },
    ],
    composerTrailer: [/* name fallback (§3) [H] */ { css: '#richInput[data-trailer]' }],
    headerAvatar: [
      /* 2026 (§3) [M-H] */ { css: '#ava_chat_box_view img' },
      /* older (§3) */ { css: '.threadChat__avatar img' },
    ],
    groupHeader: [/* group chats add class group (§3) [M] */ { css: '#header .threadChat.group' }],
    messageList: [
      /* all eras (§4.1) [H] */ { css: '#messageViewScroll' },
      /* the thread without the inner scroller */ { css: '#chatView' },
    ],
    bubble: [/* bb_msg_id_<epoch ms> (§4.3) [H] */ { css: '[id^="bb_msg_id_"]' }],
    bubbleFrame: [/* message-frame data-qid (§4.3) [M] */ { css: '[data-qid]' }],
    bubbleText: [
      /* 2024-26 text block (§4.3) [H] */ { css: '[data-id$="Msg_Text"] .text' },
      /* 2026 container without data-id */ { css: '.text-message__container .text' },
      /* 2024 card */ { css: '.card--text .text' },
    ],
    photo: [
      /* §4.3 [H] */ { css: '[data-id$="Msg_Photo"], [data-id$="Msg_GrpPhoto"], .img-msg-v2' },
    ],
    sticker: [/* §4.3 [M] */ { css: '.sticker, .sticker-message' }],
    recalled: [
      /* §4.3 [M] */ {
        css: '.undo-message, [data-translate-inner="STR_UNDO_MSG"], [data-translate-inner="STR_RECALLED"]',
      },
    ],
    senderName: [
      /* 2026 group sender (§4.3) [H] */ { css: '.message-sender-name-content .truncate' },
      /* older div-13 (§4.3) */ { css: '.card-sender-name' },
    ],
    run: [/* a sender run of bubbles (§4.2) [H] */ { css: '.chat-item' }],
    outgoingRun: [/* own runs (§4.2) [H] */ { css: '.chat-item.me' }],
    outgoingBubble: [
      /* own bubble/frame class (§4.3) [H] */ { css: '.me' },
      /* sent text blocks (§4.3) [H] */ {
        css: '[data-id^="div_SentMsg"], [data-id^="div_LastSentMsg"]',
      },
    ],
    composer: [
      /* 2024-26 (§5) [H] */ { css: '#richInput[contenteditable="true"]' },
      /* formatting mode input-v4 (§5) [M] */ {
        css: '#chat-input-content-id [contenteditable="true"]',
      },
    ],
  },
  strings: { idleButton: ['Kích hoạt', 'Activate'] },
};
