// Every selector for the Meta Business Suite inbox, with ordered fallbacks. Sources and
// confidence: ../shared/platforms/meta-business-suite.md (section numbers below).
export const metaSelectors = {
  /** §1.4: the tab links in the list header carry selected_item_id + thread_type. */
  channelTabs: [
    '[data-surface*="channel_selector"] a[role="tab"][href*="selected_item_id"]',
    '[data-pagelet="GenericBizInboxThreadListViewHeader"] [role="tablist"] a[href*="selected_item_id"]',
  ],
  /** §3: the open conversation's header name. */
  headerName: [
    '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
    '[data-surface*="detail_view_header"] ._4ik4',
  ],
  headerAvatar: ['[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] img'],
  /** §4: the message list region (aria-label is localized, so match the role first). */
  messageList: [
    '[role="region"][aria-label^="Message list container"]',
    '[role="region"][aria-label*="tin nhắn"]',
    '[data-pagelet="BizInboxDetailSectionWrapper"] [role="region"]',
  ],
  message: ['[data-message-id]'],
  /** §4: atomic classes on the bubble row wrappers. */
  outgoingWrapper: '.x13a6bvl',
  incomingWrapper: '.x1nhvcw1',
  /** The subtree that changes when the open conversation changes. */
  inboxRoot: ['[role="main"]', '[data-pagelet="BizInboxDetailSectionWrapper"]'],
} as const;
