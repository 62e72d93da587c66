import { KqDb } from '@/storage/db';
import { handleResolveConversation } from '@/storage/handlers';
import { onMessage } from '@/utils/messaging';

export default defineBackground(() => {
  const db = new KqDb();
  onMessage('resolveConversation', ({ data }) => handleResolveConversation(db, data));
});
