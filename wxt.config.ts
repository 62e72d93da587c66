import preact from '@preact/preset-vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';

// The e2e build differs from production in exactly one way: the sidebar's shadow root is
// open so Playwright can read it. Production keeps it closed so the host page's own
// scripts cannot read customer data.
const e2e = process.env.KQ_E2E === '1';

export default defineConfig({
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'vi',
    // Firefox (MV3, 128+ for main-world content scripts): data stays on the seller's
    // machine or on a team server they run themselves, never with us.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'khach-quen@khachquen.app',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
    // Least privilege: IndexedDB needs no permission; `alarms` wakes the worker to sync with
    // a team server (MV3 stops idle workers); `storage` holds the agent's UI choices
    // (language, sidebar layout) that every tab follows. The hosts are the two inboxes we run on; the
    // background needs them to find and message an inbox tab. The team server needs no host
    // permission: it answers the extension's origin with CORS. `notifications`: a care
    // reminder that falls due says so (outside the shop's quiet hours).
    permissions: ['alarms', 'storage', 'notifications'],
    // The care panel (issue 9) is a chunk the sidebar imports on first use; a dynamic URL
    // (new each session) so pages cannot probe for the extension with a fixed one.
    web_accessible_resources: [
      {
        resources: ['care-panel.js'],
        matches: [
          'https://business.facebook.com/*',
          'https://www.facebook.com/*',
          'https://chat.zalo.me/*',
        ],
        use_dynamic_url: true,
      },
    ],
    // The toolbar icon carries the care queue's badge (the count due for this agent);
    // the popup, when there is one, merges in its page here.
    action: { default_title: '__MSG_extName__' },
    host_permissions: [
      'https://business.facebook.com/*',
      'https://www.facebook.com/latest/inbox/*',
      'https://chat.zalo.me/*',
    ],
  }),
  vite: () => ({
    plugins: [preact(), tailwindcss()],
    define: {
      __KQ_SHADOW_MODE__: JSON.stringify(e2e ? 'open' : 'closed'),
    },
  }),
});
