import { KqDb } from '@/storage/db';
import { handleResolveConversation } from '@/storage/handlers';
import { storedSelectorPack } from '@/storage/selector-packs';
import { onMessage } from '@/utils/messaging';

export default defineBackground(() => {
  const db = new KqDb();
  onMessage('resolveConversation', ({ data }) => handleResolveConversation(db, data));
  onMessage('getSelectorPack', ({ data }) =>
    data?.platform === 'meta' || data?.platform === 'zalo'
      ? storedSelectorPack(db, data.platform)
      : null,
  );
});
