import '@/components/sidebar.css';
import { createMetaAdapter } from '@/content-scripts/meta/adapter';
import { META_ANCHORS, META_STRINGS, metaPack } from '@/content-scripts/meta/pack';
import { adoptServedPack } from '@/content-scripts/pack-update';
import { mountSidebar } from '@/content-scripts/sidebar-host';

export default defineContentScript({
  matches: ['https://business.facebook.com/*', 'https://www.facebook.com/latest/inbox/*'],
  cssInjectionMode: 'ui',
  main(ctx) {
    const adapter = createMetaAdapter();
    void adoptServedPack(
      metaPack,
      { platform: 'meta', anchors: META_ANCHORS, strings: META_STRINGS },
      (p) => adapter.usePack(p),
    );
    return mountSidebar(ctx, adapter);
  },
});
