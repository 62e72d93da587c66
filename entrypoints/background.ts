import { browser } from 'wxt/browser';
import { KqDb } from '@/storage/db';
import { handleResolveConversation } from '@/storage/handlers';
import { storedSelectorPack } from '@/storage/selector-packs';
import { onMessage } from '@/utils/messaging';
import { RESOLVE_PORT, servePort } from '@/utils/resolve-port';

export default defineBackground(() => {
  const db = new KqDb();
  // Snapshots arrive over a long-lived port per tab (utils/resolve-port.ts). Only our own
  // content scripts can connect (no externally_connectable); still, check who it is.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== RESOLVE_PORT || port.sender?.id !== browser.runtime.id) return;
    servePort(port, (snapshot) => handleResolveConversation(db, snapshot));
  });
  onMessage('getSelectorPack', ({ data }) =>
    data?.platform === 'meta' || data?.platform === 'zalo'
      ? storedSelectorPack(db, data.platform)
      : null,
  );
});
