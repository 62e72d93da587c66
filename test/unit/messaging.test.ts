// The real messaging path (sidebar → background) over WXT's fake browser for the agent's
// actions on customer records. Snapshots travel over a port: resolve-port.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KqDb } from '@/storage/db';
import {
  handleGetTimeline,
  handleMergeCustomers,
  handleResolveConversation,
  handleUnmergeCustomers,
} from '@/storage/handlers';
import { onMessage, sendMessage } from '@/utils/messaging';

describe('extension messaging: customer-record actions', () => {
  let db: KqDb;
  const stops: (() => void)[] = [];
  beforeEach(() => {
    fakeBrowser.reset();
    db = new KqDb(`kq-msg-actions-${Math.random()}`);
    stops.push(
      onMessage('mergeCustomers', ({ data }) => handleMergeCustomers(db, data)),
      onMessage('unmergeCustomers', ({ data }) => handleUnmergeCustomers(db, data)),
      onMessage('getTimeline', ({ data }) => handleGetTimeline(db, data)),
    );
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    db.close();
  });

  const snapshot = (externalId: string, displayName: string) => ({
    platform: 'zalo' as const,
    accountId: 'zalo-web',
    externalId,
    idSource: 'anim-data-id',
    idConfidence: 'strong' as const,
    displayName,
    isGroup: false,
    messages: [],
    health: { verdict: 'ok' as const },
    capturedAt: Date.now(),
  });

  it('merges, reads the history and undoes over the real messaging path', async () => {
    const a = await handleResolveConversation(db, snapshot('7412000000000000001', 'Chị Lan'));
    const b = await handleResolveConversation(db, snapshot('7412000000000000002', 'Lan 2'));
    expect(a.history?.entries).toHaveLength(1);
    const merged = await sendMessage('mergeCustomers', {
      targetId: a.customerId,
      sourceId: b.customerId,
    });
    expect(merged.moved).toMatchObject({ identities: 1, touchpoints: 1 });
    const page = await sendMessage('getTimeline', { customerId: a.customerId });
    expect(page.entries.map((e) => e.kind).sort()).toEqual(['merge', 'touchpoint', 'touchpoint']);
    await sendMessage('unmergeCustomers', { mergeId: merged.mergeId });
    expect(await db.customers.count()).toBe(2);
  });

  it('rejects malformed requests naming the field, and changes nothing', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed
    const bad: any = { targetId: 'a' };
    await expect(sendMessage('mergeCustomers', bad)).rejects.toThrow(
      /mergeCustomers: bad request: sourceId: expected string/,
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed
    const badPage: any = { customerId: 'a', limit: 1000 };
    await expect(sendMessage('getTimeline', badPage)).rejects.toThrow(/limit: too big/);
    expect(await db.merges.count()).toBe(0);
  });
});
