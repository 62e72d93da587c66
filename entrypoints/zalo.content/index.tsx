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
        // Several accounts used in this profile: do not guess which one is open.
        const uids = dbs.flatMap((d) => d.name?.match(/^zdb_(\d{5,})$/)?.[1] ?? []);
        if (uids.length === 1) ownUid = uids[0];
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
