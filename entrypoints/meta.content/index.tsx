import '@/components/sidebar.css';
import { createMetaAdapter } from '@/content-scripts/meta/adapter';
import { mountSidebar } from '@/content-scripts/sidebar-host';

export default defineContentScript({
  matches: ['https://business.facebook.com/*', 'https://www.facebook.com/latest/inbox/*'],
  cssInjectionMode: 'ui',
  main: (ctx) => mountSidebar(ctx, createMetaAdapter()),
});
