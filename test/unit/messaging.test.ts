// The real messaging path (content script → background) over WXT's fake browser: a good
// snapshot is answered with a view; a malformed one is refused with the field named.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KqDb } from '@/storage/db';
import { handleResolveConversation } from '@/storage/handlers';
import { onMessage, sendMessage } from '@/utils/messaging';

describe('extension messaging', () => {
  let db: KqDb;
  let stop: () => void;
  beforeEach(() => {
    fakeBrowser.reset();
    db = new KqDb(`kq-msg-${Math.random()}`);
    stop = onMessage('resolveConversation', ({ data }) => handleResolveConversation(db, data));
  });
  afterEach(() => {
    stop();
    db.close();
  });

  it('answers a snapshot with the customer view', async () => {
    const view = await sendMessage('resolveConversation', {
      platform: 'zalo',
      accountId: 'zalo-web',
      externalId: '7412000000000000001',
      idSource: 'anim-data-id',
      idConfidence: 'strong',
      displayName: 'Chị Lan',
      isGroup: false,
      messages: [],
      health: { verdict: 'ok' },
      capturedAt: Date.now(),
    });
    expect(view).toMatchObject({ displayName: 'Chị Lan', status: 'new', platforms: ['zalo'] });
  });

  it('rejects a malformed payload with a specific error', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed on purpose
    const bad: any = { platform: 'zalo', health: { verdict: 'maybe' } };
    await expect(sendMessage('resolveConversation', bad)).rejects.toThrow(
      /bad snapshot: accountId: expected string/,
    );
    expect(await db.customers.count()).toBe(0);
  });
});
