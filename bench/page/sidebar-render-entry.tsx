// Bundled into the sidebar render benchmark page: the real Sidebar component, rendered with
// Preact into a shadow root styled by the extension's built CSS, timed render + layout.
import { render } from 'preact';
import { Sidebar } from '@/components/Sidebar';
import { type PanelActions, SidebarContext } from '@/components/sidebar-context';
import type { SidebarState } from '@/components/sidebar-state';
import type { CustomerView } from '@/core/customer-view';
import type { TimelineEntry } from '@/core/timeline';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 3);

function view(k: number): CustomerView {
  const history: TimelineEntry[] = Array.from({ length: 50 }, (_, i) =>
    i % 5 === 0
      ? {
          kind: 'order',
          id: `o${k}-${i}`,
          at: NOW - i * DAY,
          code: `DH${k}${i}`,
          total: 350_000 + i * 1000,
          status: 'delivered',
          items: [{ name: 'Áo len cổ lọ màu be', quantity: 2, price: 175_000 }],
        }
      : {
          kind: 'touchpoint',
          id: `t${k}-${i}`,
          at: NOW - i * DAY,
          day: '2026-11-23',
          firstAt: NOW - i * DAY,
          platform: i % 2 ? 'zalo' : 'messenger',
          count: 3,
          identityId: 'i1',
          identityName: `Khách ${k}`,
        },
  );
  return {
    customerId: `c${k}`,
    displayName: `Nguyễn Thị Lan ${k}`,
    status: k % 2 ? 'vip' : 'returning',
    evidence: [
      { code: 'earlier-contact-record', at: NOW - 90 * DAY, platform: 'zalo', days: 12 },
      { code: 'orders', count: 4, at: NOW - 10 * DAY, daysAgo: 10, amount: 1_400_000 },
    ],
    idConfidence: 'strong',
    platforms: ['messenger', 'zalo'],
    firstSeenAt: NOW - 90 * DAY,
    lastSeenAt: NOW,
    contactDays: 12,
    health: { verdict: 'ok' },
    history: { customerId: `c${k}`, entries: history, nextCursor: 'x' },
    phones: ['+84912345678'],
    emails: ['lan@example.vn'],
    notes: Array.from({ length: 3 }, (_, i) => ({
      id: `n${k}-${i}`,
      text: `Khách thích giao giờ hành chính, size M (${i})`,
      author: 'Bé Ngân',
      pinned: i === 0,
      createdAt: NOW - i * DAY,
      updatedAt: NOW - i * DAY,
    })),
    labels: [
      { id: 'l1', name: 'Khách sỉ', color: '#0ea5e9' },
      { id: 'l2', name: 'VIP', color: '#f59e0b' },
    ],
    ...({
      replies: Array.from({ length: 9 }, (_, i) => ({
        templateId: `tpl${i}`,
        title: `Mẫu ${i}`,
        text: `Dạ chị Lan ơi, shop gửi chị thông tin đơn hàng số ${k}-${i} ạ. Chị cần gì thêm cứ nhắn shop nhé!`,
      })),
    } as object),
  };
}

const idle = async () => ({ ok: true as const });
const actions: PanelActions = {
  note: idle,
  addContact: async () => ({ ok: false, error: 'bench' }),
  removeContact: idle,
  suggestions: async () => [],
  dismissSuggestion: idle,
  merge: idle,
  unmerge: idle,
  timeline: async () => ({ ok: false, error: 'bench' }),
  insertReply: idle,
  setXungHo: idle,
  setStage: idle,
};

function mount(css: string) {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const root = document.createElement('div');
  shadow.append(style, root);
  return { shadow, root };
}

/** Times `runs` renders alternating between two states, each followed by a forced layout. */
function timeRenders(css: string, states: [SidebarState, SidebarState], runs: number): number[] {
  const { shadow, root } = mount(css);
  const paint = (s: SidebarState) => {
    render(
      <SidebarContext.Provider value={{ actions, now: NOW }}>
        <Sidebar state={s} />
      </SidebarContext.Provider>,
      root,
    );
    // Layout is part of what the agent waits for: force it inside the timed span.
    shadow.querySelector('aside')?.getBoundingClientRect();
  };
  for (let i = 0; i < 20; i++) paint(states[i % 2] as SidebarState);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    paint(states[i % 2] as SidebarState);
    times.push(performance.now() - t);
  }
  render(null, root);
  return times;
}

(window as unknown as { __kqSidebarBench: unknown }).__kqSidebarBench = {
  full: (css: string, runs: number) =>
    timeRenders(
      css,
      [
        { kind: 'view', view: view(1) },
        { kind: 'view', view: view(2) },
      ],
      runs,
    ),
  loading: (css: string, runs: number) =>
    timeRenders(
      css,
      [
        { kind: 'loading', reason: 'a' },
        { kind: 'loading', reason: 'b' },
      ],
      runs,
    ),
  /** One switch as the host sees it: loading, then the new customer's view. */
  switchPair: (css: string, runs: number) =>
    timeRenders(
      css,
      [
        { kind: 'loading', reason: 'switching' },
        { kind: 'view', view: view(3) },
      ],
      runs,
    ),
};
