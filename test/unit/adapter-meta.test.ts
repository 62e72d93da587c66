// The Meta adapter against every Meta replica's static markup.
import { describe, expect, it } from 'vitest';
import type { Reading } from '@/content-scripts/adapter';
import { createMetaAdapter } from '@/content-scripts/meta/adapter';
import { FIXTURE_NOW, loadFixture } from './fixture-dom';

const BASE = 'https://business.facebook.com/latest/inbox';
const ASSET = '104857600012345';
const THU_HA = '100004827315590';
const noBridge = () => undefined;

function snapshotOf(r: Reading) {
  if (r.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${r.kind}: ${r.reason}`);
  return r.snapshot;
}
const read = (file: string, url: string, bridge = noBridge) => {
  loadFixture(file, url);
  return createMetaAdapter({ bridge }).read(FIXTURE_NOW);
};

describe('Meta adapter: current build', () => {
  it.each(['meta/current-en.html', 'meta/current-vi.html'])(
    '%s: identity from the channel tab, not the name',
    (file) => {
      const s = snapshotOf(read(file, `${BASE}/all?asset_id=${ASSET}`));
      expect(s).toMatchObject({
        platform: 'messenger',
        accountId: ASSET,
        externalId: THU_HA,
        idSource: 'tab-link',
        idConfidence: 'strong',
        displayName: 'Nguyễn Thu Hà',
        health: { verdict: 'ok' },
      });
    },
  );

  it.each(['meta/current-en.html', 'meta/current-vi.html'])(
    '%s: messages with direction, day, admin, automation',
    (file) => {
      const { messages } = snapshotOf(read(file, `${BASE}/all?asset_id=${ASSET}`));
      expect(messages).toHaveLength(13);
      expect(messages.filter((m) => m.direction === 'in')).toHaveLength(6);
      expect(messages.filter((m) => m.direction === 'system')).toHaveLength(2);
      // The greeting is marked automated; human replies name the admin.
      const greeting = messages.find((m) => m.automated);
      expect(greeting).toMatchObject({ direction: 'out', sentBy: 'Tiệm Nhà Mây' });
      expect(greeting?.text).toMatch(/^Cảm ơn bạn đã nhắn tin/);
      expect(messages.filter((m) => m.sentBy === 'Ngọc Anh')).toHaveLength(4);
      // Separators in both languages give each message its day (Vietnam time).
      expect(messages[1]?.at).toBe(Date.UTC(2026, 10, 10, 2, 15));
      expect(messages.at(-1)?.at).toBe(Date.UTC(2026, 10, 22, 3, 3));
      // Emoji come from their alt text.
      expect(messages.some((m) => m.text.endsWith('👍'))).toBe(true);
    },
  );

  it('reads the Instagram thread on the Instagram view by its 39-digit id', () => {
    const s = snapshotOf(read('meta/instagram.html', `${BASE}/instagram_direct?asset_id=${ASSET}`));
    expect(s).toMatchObject({
      platform: 'instagram',
      externalId: '340282366841710300949128175046213598732',
      displayName: 'linh.dang.98',
      health: { verdict: 'ok' },
    });
    expect(s.messages.map((m) => m.direction)).toEqual(['in', 'out', 'in', 'out']);
  });

  it('refuses to choose when the URL and the tabs disagree', () => {
    const r = read(
      'meta/current-en.html',
      `${BASE}/all?asset_id=${ASSET}&selected_item_id=100071234508812&thread_type=FB_MESSAGE`,
    );
    expect(r.kind).toBe('pending');
  });

  it('trusts a deep link at load, and forgets it once the agent switches (bizweb keeps the old URL)', () => {
    loadFixture(
      'meta/current-en.html',
      `${BASE}/all?asset_id=${ASSET}&selected_item_id=${THU_HA}&thread_type=FB_MESSAGE`,
    );
    const adapter = createMetaAdapter({ bridge: noBridge });
    expect(snapshotOf(adapter.read(FIXTURE_NOW)).externalId).toBe(THU_HA);
    // The agent clicks Trần Minh Khoa: header and tab links change, the URL does not.
    const name = document.querySelector(
      '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
    );
    if (name) name.textContent = 'Trần Minh Khoa';
    for (const a of document.querySelectorAll('[data-surface*="channel_selector"] a[role="tab"]')) {
      a.setAttribute('href', (a.getAttribute('href') ?? '').replace(THU_HA, '100071234508812'));
    }
    const s = snapshotOf(adapter.read(FIXTURE_NOW + 50));
    expect(s).toMatchObject({
      externalId: '100071234508812',
      displayName: 'Trần Minh Khoa',
      idSource: 'tab-link',
    });
  });

  it('calls comments tabs unsupported', () => {
    expect(read('meta/current-en.html', `${BASE}/facebook?asset_id=${ASSET}`).kind).toBe(
      'unsupported',
    );
    expect(read('meta/current-en.html', `${BASE}/instagram?asset_id=${ASSET}`).kind).toBe(
      'unsupported',
    );
  });
});

describe('Meta adapter: older build', () => {
  it('trusts the URL the older build keeps in step', () => {
    const s = snapshotOf(
      read(
        'meta/older-build.html',
        `${BASE}/all?asset_id=${ASSET}&selected_item_id=${THU_HA}&thread_type=FB_MESSAGE`,
      ),
    );
    expect(s).toMatchObject({
      externalId: THU_HA,
      idSource: 'url',
      idConfidence: 'strong',
      health: { verdict: 'ok' },
    });
    expect(s.messages).toHaveLength(13);
  });
});

describe('Meta adapter: when the site changes', () => {
  const url = `${BASE}/all?asset_id=${ASSET}`;

  it('without tab links or bridge: a weak identity, shown as unconfirmed, naming the anchor', () => {
    loadFixture('meta/current-en.html', url);
    document.querySelector('[data-surface*="channel_selector"]')?.remove();
    const s = snapshotOf(createMetaAdapter({ bridge: noBridge }).read(FIXTURE_NOW));
    expect(s.idConfidence).toBe('weak');
    expect(s.externalId).not.toBe(THU_HA);
    expect(s.health).toMatchObject({ verdict: 'degraded', missing: ['channel-selector'] });
  });

  it('without tab links, the main-world bridge still names the thread', () => {
    loadFixture('meta/current-en.html', url);
    document.querySelector('[data-surface*="channel_selector"]')?.remove();
    const bridge = () => ({
      threadId: THU_HA,
      threadType: 'FB_MESSAGE' as const,
      title: 'Nguyễn Thu Hà',
    });
    const s = snapshotOf(createMetaAdapter({ bridge }).read(FIXTURE_NOW));
    expect(s).toMatchObject({ externalId: THU_HA, idSource: 'fiber', idConfidence: 'strong' });
    expect(s.health).toMatchObject({ verdict: 'degraded', missing: ['channel-selector'] });
  });

  it('never takes the bridge’s word for a thread the header does not show (the page could answer)', () => {
    loadFixture('meta/current-en.html', url);
    document.querySelector('[data-surface*="channel_selector"]')?.remove();
    const spoof = () => ({
      threadId: '100071234508812',
      threadType: 'FB_MESSAGE' as const,
      title: 'Trần Minh Khoa',
    });
    expect(createMetaAdapter({ bridge: spoof }).read(FIXTURE_NOW).kind).toBe('pending');
    const untitled = () => ({ threadId: THU_HA });
    expect(snapshotOf(createMetaAdapter({ bridge: untitled }).read(FIXTURE_NOW)).idConfidence).toBe(
      'weak',
    );
  });

  it('names the missing header, message list and composer', () => {
    loadFixture('meta/current-en.html', url);
    document.querySelector('[role="region"]')?.remove();
    document.querySelector('[data-lexical-editor]')?.remove();
    const s = snapshotOf(createMetaAdapter({ bridge: noBridge }).read(FIXTURE_NOW));
    expect(s.health).toMatchObject({ verdict: 'degraded', missing: ['message-list', 'composer'] });
    expect(s.externalId).toBe(THU_HA);
  });

  it('waits while the header shows a new name under the old id, however long, unless React confirms a rename', () => {
    loadFixture('meta/current-en.html', url);
    const adapter = createMetaAdapter({ bridge: noBridge });
    expect(snapshotOf(adapter.read(FIXTURE_NOW)).displayName).toBe('Nguyễn Thu Hà');
    const name = document.querySelector(
      '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
    );
    if (name) name.textContent = 'Trần Minh Khoa';
    expect(adapter.read(FIXTURE_NOW + 16).kind).toBe('pending');
    // Slow tab links (a busy machine) must not turn the old id into the new customer.
    expect(adapter.read(FIXTURE_NOW + 5000).kind).toBe('pending');

    // The customer really renamed themselves: React's props for the thread say so.
    loadFixture('meta/current-en.html', url);
    let title = 'Nguyễn Thu Hà';
    const renamed = createMetaAdapter({ bridge: () => ({ threadId: THU_HA, title }) });
    expect(snapshotOf(renamed.read(FIXTURE_NOW)).displayName).toBe('Nguyễn Thu Hà');
    const header = document.querySelector(
      '[data-pagelet="BizInboxDetailViewHeaderSectionWrapper"] ._4ik4',
    );
    if (header) header.textContent = 'Thu Hà Nguyễn';
    title = 'Thu Hà Nguyễn';
    expect(snapshotOf(renamed.read(FIXTURE_NOW + 16))).toMatchObject({
      externalId: THU_HA,
      displayName: 'Thu Hà Nguyễn',
    });
  });
});
