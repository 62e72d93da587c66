// The Zalo adapter against every Zalo replica's static markup.
import { describe, expect, it } from 'vitest';
import type { Reading } from '@/content-scripts/adapter';
import { fillSearchBox } from '@/content-scripts/composer';
import { createZaloAdapter, parseQid } from '@/content-scripts/zalo/adapter';
import { FIXTURE_NOW, loadFixture } from './fixture-dom';

const URL = 'https://chat.zalo.me/';
const LAN = '7412638450192837465';
function snapshotOf(r: Reading) {
  if (r.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${r.kind}: ${r.reason}`);
  return r.snapshot;
}
const read = (file: string) => {
  loadFixture(file, URL);
  return createZaloAdapter().read(FIXTURE_NOW);
};

describe('Zalo adapter', () => {
  it('1:1: id from the selected row, NBSP name normalised, own account from sent bubbles', () => {
    const s = snapshotOf(read('zalo/one-to-one.html'));
    expect(s).toMatchObject({
      platform: 'zalo',
      accountId: '4301927736518204512',
      externalId: LAN,
      idSource: 'anim-data-id',
      idConfidence: 'strong',
      displayName: 'Chị Lan Phương',
      isGroup: false,
      health: { verdict: 'ok' },
    });
  });

  it('1:1: every bubble with its exact time, photos, stickers and recalled messages as placeholders', () => {
    const { messages } = snapshotOf(read('zalo/one-to-one.html'));
    expect(messages).toHaveLength(10);
    expect(messages[0]).toEqual({
      direction: 'in',
      text: 'Chào shop, váy maxi hoa nhí còn size M không ạ?',
      at: 1794580800722,
    });
    expect(messages.map((m) => m.text)).toEqual(
      expect.arrayContaining(['[photo]', '[sticker]', '[recalled]']),
    );
    expect(messages.filter((m) => m.direction === 'out')).toHaveLength(3);
  });

  it('group: flagged, each message with its sender', () => {
    const s = snapshotOf(read('zalo/group.html'));
    expect(s).toMatchObject({ externalId: 'g5123804417729365018', isGroup: true });
    expect(s.messages.filter((m) => m.direction === 'in').map((m) => m.sentBy)).toEqual([
      'Minh Khôi',
      'Minh Khôi',
      'Chị Lan Phương',
      'Chị Lan Phương',
      'Hằng Nguyễn',
      'Minh Khôi',
    ]);
  });

  it('virtualized list with the selected row scrolled away: the bubbles still name the thread', () => {
    const s = snapshotOf(read('zalo/virtualized-offscreen.html'));
    expect(s).toMatchObject({
      externalId: LAN,
      idSource: 'data-qid',
      idConfidence: 'strong',
      health: { verdict: 'ok' },
    });
    expect(s.messages.length).toBe(44);
  });

  it('the idle "Kích hoạt" screen is unsupported, not a customer', () => {
    expect(read('zalo/idle.html')).toMatchObject({ kind: 'unsupported' });
  });

  it('waits when the selected row and the bubbles name different threads (mid-switch)', () => {
    loadFixture('zalo/one-to-one.html', URL);
    const row = document.querySelector('.conv-item.selected');
    row?.classList.remove('selected');
    document
      .querySelector('.msg-item[anim-data-id="7298104475610389223"] .conv-item')
      ?.classList.add('selected');
    expect(createZaloAdapter().read(FIXTURE_NOW).kind).toBe('pending');
  });

  it('waits while the header is empty mid-switch instead of taking the old composer’s name', () => {
    loadFixture('zalo/one-to-one.html', URL);
    const header = document.querySelector('#header .header-title');
    if (header) header.textContent = '';
    expect(createZaloAdapter().read(FIXTURE_NOW)).toMatchObject({ kind: 'pending' });
  });

  it('names the missing anchors and never invents an id', () => {
    loadFixture('zalo/one-to-one.html', URL);
    document.querySelector('.conv-item.selected')?.classList.remove('selected');
    for (const f of document.querySelectorAll('[data-qid]')) f.removeAttribute('data-qid');
    document.querySelector('#header .header-title')?.remove();
    const s = snapshotOf(createZaloAdapter().read(FIXTURE_NOW));
    expect(s.idConfidence).toBe('weak');
    expect(s.displayName).toBe('Chị Lan Phương'); // from the composer's data-trailer
    expect(s.health).toMatchObject({
      verdict: 'degraded',
      missing: ['header-name', 'selected-row'],
    });
  });

  it('reads data-qid parts', () => {
    expect(parseQid('8119734000003@1794581700516_4301927736518204512_7412638450192837465')).toEqual(
      {
        fromUid: '4301927736518204512',
        threadId: '7412638450192837465',
      },
    );
    expect(parseQid('garbage')).toEqual({});
    expect(parseQid(null)).toEqual({});
  });

  it('one adapter reading again sees bubbles edited in place, recalled, added and removed', () => {
    loadFixture('zalo/one-to-one.html', URL);
    const adapter = createZaloAdapter();
    const texts = () => snapshotOf(adapter.read(FIXTURE_NOW)).messages.map((m) => m.text);
    const first = texts();
    expect(texts()).toEqual(first); // the per-element memory changes nothing

    const bubbles = [...document.querySelectorAll('[id^="bb_msg_id_"]')];
    const textOf = (b: Element) => b.querySelector('[data-id$="Msg_Text"] .text') as Element;
    const edited = bubbles.find((b) => textOf(b)) as Element;
    textOf(edited).textContent = 'Đã sửa:\u00a0size L';
    const recalled = bubbles.findLast((b) => textOf(b) && b !== edited) as Element;
    const recalledAt = bubbles.indexOf(recalled);
    textOf(recalled).closest('[data-id$="Msg_Text"]')?.remove();
    recalled.insertAdjacentHTML(
      'afterbegin',
      '<div class="undo-message">Tin nhắn đã được thu hồi</div>',
    );
    (bubbles[1] as Element).remove();

    const after = texts();
    expect(after[0]).toBe('Đã sửa: size L');
    expect(after).toHaveLength(first.length - 1);
    // One bubble removed before it: the recalled one moved up by one.
    expect(after[recalledAt - 1]).toBe('[recalled]');
  });

  it('observes the open conversation’s column, and its ancestors’ children only', () => {
    loadFixture('zalo/one-to-one.html', URL);
    const adapter = createZaloAdapter();
    const column = document.querySelector('#chatViewContainer');
    expect(adapter.observedRoots()).toEqual([column]);
    const shallow = adapter.shallowRoots?.() ?? [];
    expect(shallow[0]).toBe(column?.parentElement);
    expect(shallow.at(-1)).toBe(document.querySelector('#app'));
    // The conversation list is in neither.
    const list = document.querySelector('#conversationListId') as Element;
    expect(
      [...adapter.observedRoots(), ...shallow].some((r) => r === list || list.contains(r)),
    ).toBe(false);
  });
});

describe('Zalo search box (care items)', () => {
  it('finds Zalo’s own contact search in every replica and puts a name or phone in it, nothing more', () => {
    for (const file of [
      'zalo/one-to-one.html',
      'zalo/group.html',
      'zalo/virtualized-offscreen.html',
    ]) {
      loadFixture(file, URL);
      const box = createZaloAdapter().searchBox?.() ?? null;
      expect(box?.id, file).toBe('contact-search-input');
      const typed: string[] = [];
      box?.addEventListener('input', () => typed.push((box as HTMLInputElement).value));
      const keys: string[] = [];
      box?.addEventListener('keydown', (e) => keys.push((e as KeyboardEvent).key));
      (box as HTMLInputElement).value = 'old query';
      expect(fillSearchBox(box, '0912 345 678')).toMatchObject({ ok: true });
      expect(box?.value).toBe('0912 345 678');
      expect(typed.at(-1)).toBe('0912 345 678');
      // Never Enter: the agent picks the conversation.
      expect(keys).toEqual([]);
    }
  });

  it('says which anchor is missing when the page has no search box', () => {
    loadFixture('zalo/one-to-one.html', URL);
    document.getElementById('contact-search-input')?.remove();
    expect(createZaloAdapter().searchBox?.()).toBeNull();
    expect(fillSearchBox(null, 'Lan')).toEqual({
      ok: false,
      error: 'search box not found (anchor "searchBox")',
    });
  });
});
