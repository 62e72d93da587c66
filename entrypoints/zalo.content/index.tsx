import '@/components/sidebar.css';
import { mountSidebar } from '@/content-scripts/sidebar-host';
import { createZaloAdapter } from '@/content-scripts/zalo/adapter';

export default defineContentScript({
  matches: ['https://chat.zalo.me/*'],
  cssInjectionMode: 'ui',
  main: (ctx) => mountSidebar(ctx, createZaloAdapter()),
});
