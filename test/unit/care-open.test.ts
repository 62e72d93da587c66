// Opening a care item: Meta goes to the thread's URL in the inbox tab (reused, or opened),
// Zalo gets the name in its own search box; the text waits in session storage for that
// customer's composer and is taken once.
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CareQueueEntry } from '@/core/care/types';
import {
  handleOpenCareItem,
  handleTakePendingInsert,
  openCareItem,
  putPendingInsert,
  takePendingInsert,
} from '@/utils/care-open';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const META_URL = 'https://business.facebook.com/latest/inbox/all?asset_id=1&selected_item_id=42';

function entry(over: Partial<CareQueueEntry> = {}): CareQueueEntry {
  return {
    item: {
      id: 'c1|thank-you|o1',
      customerId: 'c1',
      kind: 'thank-you',
      occasion: 'o1',
      dueAt: NOW - 1000,
      state: 'open',
      reason: {
        kind: 'thank-you',
        orderId: 'o1',
        orderCode: '#1234',
        deliveredAt: NOW - 3 * 86400000,
      },
      updatedAt: NOW,
    },
    customerName: 'Lan Anh',
    target: { platform: 'messenger', url: META_URL },
    text: 'Cảm ơn chị Lan Anh đã nhận hàng!',
    overdue: false,
    ...over,
  };
}
const deps = (e: CareQueueEntry | null) => ({
  entry: async (id: string) => (e && e.item.id === id ? e : null),
  now: () => NOW,
});

beforeEach(() => fakeBrowser.reset());

describe('openCareItem', () => {
  it('navigates the open Meta inbox tab to the thread and keeps the text for that customer', async () => {
    const other = await browser.tabs.create({ url: 'https://example.com/' });
    const inbox = await browser.tabs.create({
      url: 'https://business.facebook.com/latest/inbox/all',
    });
    const r = await openCareItem('c1|thank-you|o1', deps(entry()));
    expect(r).toEqual({ ok: true, opened: 'tab' });
    expect((await browser.tabs.get(inbox.id as number)).url).toBe(META_URL);
    expect((await browser.tabs.get(other.id as number)).url).toBe('https://example.com/');
    expect((await browser.tabs.query({})).filter((t) => t.url).length).toBe(2);
    const p = await takePendingInsert('c1', NOW + 1000);
    expect(p).toMatchObject({
      customerId: 'c1',
      itemId: 'c1|thank-you|o1',
      text: 'Cảm ơn chị Lan Anh đã nhận hàng!',
    });
    // Taken once.
    expect(await takePendingInsert('c1', NOW + 2000)).toBeNull();
  });

  it('never takes over another Business Suite page (ads, commerce), even the active one', async () => {
    const ads = await browser.tabs.create({
      url: 'https://business.facebook.com/latest/ads_manager?asset_id=1',
      active: true,
    });
    const inbox = await browser.tabs.create({
      url: 'https://business.facebook.com/latest/inbox/all',
      active: false,
    });
    await browser.tabs.update(ads.id as number, { active: true });
    const r = await openCareItem('c1|thank-you|o1', deps(entry()));
    expect(r).toEqual({ ok: true, opened: 'tab' });
    expect((await browser.tabs.get(ads.id as number)).url).toBe(
      'https://business.facebook.com/latest/ads_manager?asset_id=1',
    );
    expect((await browser.tabs.get(inbox.id as number)).url).toBe(META_URL);
  });

  it('opens a tab when no Meta inbox is open', async () => {
    const r = await openCareItem('c1|thank-you|o1', deps(entry()));
    expect(r).toEqual({ ok: true, opened: 'tab' });
    const tabs = await browser.tabs.query({});
    expect(tabs.flatMap((t) => t.url ?? [])).toEqual([META_URL]);
  });

  it('refuses an unknown item, an item without a conversation and a non-inbox URL', async () => {
    expect(await openCareItem('nope', deps(entry()))).toMatchObject({
      ok: false,
      error: expect.stringContaining('id:'),
    });
    expect(await openCareItem('c1|thank-you|o1', deps(entry({ target: null })))).toMatchObject({
      ok: false,
      error: expect.stringContaining('target'),
    });
    expect(
      await openCareItem(
        'c1|thank-you|o1',
        deps(
          entry({ target: { platform: 'messenger', url: 'https://evil.example/latest/inbox/' } }),
        ),
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining('target.url') });
    expect((await browser.tabs.query({})).filter((t) => t.url).length).toBe(0);
  });

  it('names the field of a bad payload', async () => {
    expect(await handleOpenCareItem({ id: 42 }, deps(entry()))).toMatchObject({
      ok: false,
      error: expect.stringContaining('id'),
    });
    expect(await handleOpenCareItem({ id: 'x', extra: 1 }, deps(entry()))).toMatchObject({
      ok: false,
      error: expect.stringContaining('extra'),
    });
    expect(await handleTakePendingInsert({ customerId: '' })).toBeNull();
  });

  it('puts the name into the Zalo tab’s search box', async () => {
    await browser.tabs.create({ url: 'https://chat.zalo.me/' });
    const asked: string[] = [];
    const r = await openCareItem('c1|thank-you|o1', {
      ...deps(entry({ target: { platform: 'zalo', search: '0912345678' } })),
      searchZalo: async (_tab, search) => {
        asked.push(search);
        return { ok: true };
      },
    });
    expect(r).toEqual({ ok: true, opened: 'search' });
    expect(asked).toEqual(['0912345678']);
    expect(await takePendingInsert('c1', NOW)).toMatchObject({
      text: 'Cảm ơn chị Lan Anh đã nhận hàng!',
    });
  });
});

describe('pending inserts', () => {
  it('drops a text past its expiry, and the latest one per customer wins', async () => {
    await putPendingInsert({ customerId: 'c1', text: 'a', itemId: 'i1', expiresAt: NOW + 10 }, NOW);
    await putPendingInsert({ customerId: 'c1', text: 'b', itemId: 'i2', expiresAt: NOW + 10 }, NOW);
    await putPendingInsert({ customerId: 'c2', text: 'c', itemId: 'i3', expiresAt: NOW + 10 }, NOW);
    expect(await takePendingInsert('c1', NOW + 5)).toMatchObject({ text: 'b' });
    expect(await takePendingInsert('c2', NOW + 11)).toBeNull();
  });
});

describe('pending texts', () => {
  it('two quick opens keep both texts, and two takes at once hand a text out once', async () => {
    const at = NOW + 60_000;
    await Promise.all([
      putPendingInsert({ customerId: 'c1', text: 'một', itemId: 'c1|x|1', expiresAt: at }, NOW),
      putPendingInsert({ customerId: 'c2', text: 'hai', itemId: 'c2|x|1', expiresAt: at }, NOW),
    ]);
    const [a, b, c] = await Promise.all([
      takePendingInsert('c1', NOW),
      takePendingInsert('c1', NOW),
      takePendingInsert('c2', NOW),
    ]);
    expect([a?.text, b?.text, c?.text]).toEqual(['một', undefined, 'hai']);
  });
});
