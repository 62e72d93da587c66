import preact from '@preact/preset-vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';

// The e2e build differs from production in exactly one way: the sidebar's shadow root is
// open so Playwright can read it. Production keeps it closed so the host page's own
// scripts cannot read customer data.
const e2e = process.env.KQ_E2E === '1';

export default defineConfig({
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'vi',
    // Least privilege: IndexedDB needs no permission. The hosts are the two inboxes we run
    // on; the background needs them to find and message an inbox tab.
    permissions: [],
    host_permissions: [
      'https://business.facebook.com/*',
      'https://www.facebook.com/latest/inbox/*',
      'https://chat.zalo.me/*',
    ],
  },
  vite: () => ({
    plugins: [preact(), tailwindcss()],
    define: {
      __KQ_SHADOW_MODE__: JSON.stringify(e2e ? 'open' : 'closed'),
    },
  }),
});
