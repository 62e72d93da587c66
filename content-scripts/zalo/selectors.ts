// Every selector for Zalo Web, with ordered fallbacks. Sources and confidence:
// ../shared/platforms/zalo-web.md (section numbers below).
export const zaloSelectors = {
  /** §2: the selected row's marker; its `.msg-item` ancestor carries anim-data-id. */
  selectedRowMarker: ['#conversationListId .conv-item.selected', '.msg-item .conv-item.selected'],
  rowWithId: '.msg-item[anim-data-id]',
  /** §3: header name (custom tag div-b18), then the composer's data-trailer. */
  headerName: ['#header .header-title', '.threadChat__title .header-title'],
  composerTrailer: ['#richInput[data-trailer]'],
  headerAvatar: ['#ava_chat_box_view img', '.threadChat__avatar img'],
  groupHeader: ['#header .threadChat.group'],
  /** §4: the open thread's message list. */
  messageList: ['#messageViewScroll', '#chatView'],
  bubble: ['[id^="bb_msg_id_"]'],
  bubbleQid: '[data-qid]',
  bubbleText: ['[data-id$="Msg_Text"] .text', '.text-message__container .text', '.text'],
  /** §0/§8: the idle "Kích hoạt" screen and the app root. */
  chatView: ['#chatView'],
  appRoot: ['#app', '#container'],
  conversationList: ['#conversationListId'],
} as const;
