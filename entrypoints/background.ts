import { KqDb } from '@/storage/db';
import {
  handleAddContact,
  handleDismissSuggestion,
  handleGetSuggestions,
  handleGetTimeline,
  handleMergeCustomers,
  handleResolveConversation,
  handleUnmergeCustomers,
} from '@/storage/handlers';
import { refreshRfmCutsIfStale } from '@/storage/rfm';
import { storedSelectorPack } from '@/storage/selector-packs';
import { onMessage } from '@/utils/messaging';

export default defineBackground(() => {
  const db = new KqDb();
  onMessage('resolveConversation', async ({ data }) => {
    const view = await handleResolveConversation(db, data);
    // RFM quintiles are recomputed off the conversation path, only when stale.
    void refreshRfmCutsIfStale(db);
    return view;
  });
  onMessage('getSelectorPack', ({ data }) =>
    data?.platform === 'meta' || data?.platform === 'zalo'
      ? storedSelectorPack(db, data.platform)
      : null,
  );
  onMessage('mergeCustomers', ({ data }) => handleMergeCustomers(db, data));
  onMessage('unmergeCustomers', ({ data }) => handleUnmergeCustomers(db, data));
  onMessage('getTimeline', ({ data }) => handleGetTimeline(db, data));
  onMessage('addContact', ({ data }) => handleAddContact(db, data));
  onMessage('getSuggestions', ({ data }) => handleGetSuggestions(db, data));
  onMessage('dismissSuggestion', ({ data }) => handleDismissSuggestion(db, data));
});
