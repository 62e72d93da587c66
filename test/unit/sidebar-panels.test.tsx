// The sidebar's panels in happy-dom: the history stays windowed however long it is and pages
// older entries in; notes render as text; the card asks before merging.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { HISTORY_ROW_PX } from '@/components/HistoryList';
import { inkFor } from '@/components/LabelChips';
import { Sidebar } from '@/components/Sidebar';
import { type PanelActions, SidebarContext } from '@/components/sidebar-context';
import type { CustomerView } from '@/core/customer-view';
import { displayPhoneVN } from '@/core/phone-format';
import type { TimelineEntry } from '@/core/timeline';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 23, 3);
const touch = (i: number): TimelineEntry => ({
  kind: 'touchpoint',
  id: `tp${i}`,
  at: T - i * DAY,
  day: 'x',
  firstAt: T - i * DAY,
  platform: 'zalo',
  count: 2,
  identityId: 'i1',
  identityName: 'Chị Lan',
});

const base: CustomerView = {
  customerId: 'c1',
  displayName: 'Chị Lan',
  status: 'customer',
  evidence: [],
  idConfidence: 'strong',
  platforms: ['zalo'],
  firstSeenAt: T - 900 * DAY,
  lastSeenAt: T,
  contactDays: 900,
  health: { verdict: 'ok' },
  phones: ['+84912345678'],
  emails: [],
  notes: [
    {
      id: 'n1',
      text: '<img src=x onerror=alert(1)> size M',
      author: 'Bé Ngân',
      pinned: true,
      createdAt: T,
      updatedAt: T,
    },
  ],
  history: {
    customerId: 'c1',
    entries: [
      {
        kind: 'order',
        id: 'o1',
        at: T,
        code: 'DH001',
        total: 350_000,
        status: 'delivered',
        items: [{ name: 'Áo len be', quantity: 2, price: 175_000 }],
      },
      ...Array.from({ length: 999 }, (_, i) => touch(i + 1)),
    ],
    nextCursor: 'cursor-1',
  },
};

function calls() {
  const log: string[] = [];
  const actions: PanelActions = {
    note: async (r) => {
      log.push(`note ${r.action}`);
      return { ok: true };
    },
    addContact: async () => ({ ok: false, error: 'value: not a Vietnamese phone number' }),
    removeContact: async () => ({ ok: true }),
    suggestions: async () => [
      { kind: 'same-phone', customerId: 'c2', displayName: 'Lan Zalo', value: '+84912345678' },
    ],
    dismissSuggestion: async () => ({ ok: true }),
    merge: async (t, s) => {
      log.push(`merge ${s} into ${t}`);
      return { ok: true };
    },
    unmerge: async () => ({ ok: true }),
    setStage: async (c, s) => {
      log.push(`stage ${c} ${s}`);
      return { ok: true };
    },
    setXungHo: async (c, x) => {
      log.push(`xungho ${c} ${x}`);
      return { ok: true };
    },
    insertReply: async (id, text) => {
      log.push(`insert ${id} ${text}`);
      return { ok: true };
    },
    timeline: async (_c, cursor) => {
      log.push(`timeline ${cursor}`);
      return { ok: true, page: { customerId: 'c1', entries: [touch(5000)], nextCursor: null } };
    },
  };
  return { log, actions };
}

function show(view: CustomerView, actions: PanelActions) {
  return render(
    <SidebarContext.Provider value={{ actions, now: T }}>
      <Sidebar state={{ kind: 'view', view }} />
    </SidebarContext.Provider>,
  );
}

describe('sidebar panels', () => {
  it('keeps a 1,000-entry history windowed, with items and totals in VND', () => {
    const { actions } = calls();
    show(base, actions);
    const rows = screen.getAllByTestId('kq-history-entry');
    expect(rows.length).toBeLessThan(20);
    expect(rows[0]?.textContent).toContain('Đơn DH001');
    expect(rows[0]?.textContent).toMatch(/350\.000\s*₫/);
    expect(rows[0]?.textContent).toContain('2× Áo len be');
    // Scrolling moves the window: rows far down are rendered, the top ones are not.
    const box = screen.getByTestId('kq-history-scroll');
    box.scrollTop = 500 * HISTORY_ROW_PX;
    fireEvent.scroll(box);
    const shown = screen.getAllByTestId('kq-history-entry');
    expect(shown.length).toBeLessThan(20);
    expect(shown.some((r) => r.textContent?.includes('Đơn DH001'))).toBe(false);
  });

  it('loads older history on request', async () => {
    const { actions, log } = calls();
    show({ ...base, history: { ...base.history!, entries: [touch(1)] } }, actions);
    screen.getByTestId('kq-history-more').click();
    await waitFor(() => expect(screen.getAllByTestId('kq-history-entry')).toHaveLength(2));
    expect(log).toEqual(['timeline cursor-1']);
    expect(screen.queryByTestId('kq-history-more')).toBeNull();
  });

  it('renders notes as text and shows their author; the card offers a match to merge', async () => {
    const { actions, log } = calls();
    const { container } = show(base, actions);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('kq-note-text').textContent).toContain('<img src=x');
    expect(screen.getByTestId('kq-note-meta').textContent).toContain('Bé Ngân');
    expect(screen.getByTestId('kq-phone').textContent).toContain('0912 345 678');
    (await screen.findByTestId('kq-match-merge')).click();
    await waitFor(() => expect(log).toEqual(['merge c2 into c1']));
  });

  it('says in Vietnamese why a phone number was refused', async () => {
    const { actions } = calls();
    show(base, actions);
    fireEvent.input(screen.getByTestId('kq-contact-input'), { target: { value: '12345' } });
    screen.getByTestId('kq-contact-add').click();
    expect((await screen.findByTestId('kq-contact-error')).textContent).toContain(
      'Không phải số điện thoại Việt Nam',
    );
  });

  it('formats Vietnamese numbers the way sellers read them', () => {
    expect(displayPhoneVN('+84912345678')).toBe('0912 345 678');
    expect(displayPhoneVN('+14155550100')).toBe('+14155550100');
  });
});

describe('label ink', () => {
  it('picks the ink with the higher contrast on the label colour', () => {
    expect(inkFor('#0ea5e9')).toBe('#0f172a');
    expect(inkFor('#f59e0b')).toBe('#0f172a');
    expect(inkFor('#1e3a8a')).toBe('#ffffff');
    expect(inkFor('#000000')).toBe('#ffffff');
    expect(inkFor('#ffffff')).toBe('#0f172a');
  });
});
