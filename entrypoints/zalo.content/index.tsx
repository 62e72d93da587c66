import '@/components/sidebar.css';
import { adoptServedPack } from '@/content-scripts/pack-update';
import { mountSidebar } from '@/content-scripts/sidebar-host';
import { createZaloAdapter } from '@/content-scripts/zalo/adapter';
import { ZALO_ANCHORS, ZALO_STRINGS, zaloPack } from '@/content-scripts/zalo/pack';

export default defineContentScript({
  matches: ['https://chat.zalo.me/*'],
  cssInjectionMode: 'ui',
  main(ctx) {
    // Zalo keeps its data in an IndexedDB named zdb_<uid> (notes §6): the logged-in account.
    let ownUid: string | undefined;
    void indexedDB
      .databases?.()
      .then((dbs) => {
        ownUid = dbs.map((d) => d.name?.match(/^zdb_(\d{5,})$/)?.[1]).find(Boolean);
      })
      .catch(() => undefined);
    const adapter = createZaloAdapter({ ownUid: () => ownUid });
    void adoptServedPack(
      zaloPack,
      { platform: 'zalo', anchors: ZALO_ANCHORS, strings: ZALO_STRINGS },
      (p) => adapter.usePack(p),
    );
    return mountSidebar(ctx, adapter);
  },
});
