import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Sidebar } from '@/components/Sidebar';
import { shownViewKey } from '@/components/sidebar-state';
import type { CustomerView } from '@/core/customer-view';

const view: CustomerView = {
  customerId: 'c1',
  displayName: 'Chị Lan',
  status: 'returning',
  evidence: [
    { code: 'earlier-contact-record', at: Date.UTC(2026, 2, 12), platform: 'zalo', days: 3 },
  ],
  idConfidence: 'strong',
  platforms: ['zalo'],
  firstSeenAt: Date.UTC(2026, 2, 12),
  lastSeenAt: Date.UTC(2026, 10, 23),
  contactDays: 4,
  health: { verdict: 'ok' },
};

describe('Sidebar', () => {
  it('shows the status badge, its evidence in Vietnamese, and the name', () => {
    render(<Sidebar state={{ kind: 'view', view }} />);
    expect(screen.getByTestId('kq-badge').dataset.status).toBe('returning');
    expect(screen.getByTestId('kq-badge').textContent).toBe('Khách quay lại');
    expect(screen.getByTestId('kq-evidence').textContent).toContain(
      'Đã liên hệ 3 ngày trước đây, lần đầu 12/03/2026 trên Zalo',
    );
    expect(screen.getByTestId('kq-name').textContent).toBe('Chị Lan');
    expect(screen.getByTestId('kq-health').dataset.health).toBe('ok');
  });

  it('folds the reasons away and back when the badge is pressed', async () => {
    render(<Sidebar state={{ kind: 'view', view }} />);
    const badge = screen.getByTestId('kq-badge');
    expect(badge.getAttribute('aria-expanded')).toBe('true');
    badge.click();
    await waitFor(() => expect(screen.getByTestId('kq-evidence').hidden).toBe(true));
    expect(badge.getAttribute('aria-expanded')).toBe('false');
    badge.click();
    await waitFor(() => expect(screen.getByTestId('kq-evidence').hidden).toBe(false));
  });

  it('speaks English when asked', () => {
    render(<Sidebar state={{ kind: 'view', view }} locale="en" />);
    expect(screen.getByTestId('kq-badge').textContent).toBe('Returning');
  });

  it('shows no customer while loading, never the previous one', () => {
    render(<Sidebar state={{ kind: 'loading', reason: 'switching' }} />);
    expect(screen.queryByTestId('kq-name')).toBeNull();
    expect(screen.getByTestId('kq-badge').dataset.status).toBe('unknown');
  });

  it('renders customer data as text, never as HTML', () => {
    const evil = { ...view, displayName: '<img src=x onerror="alert(1)">Lan' };
    const { container } = render(<Sidebar state={{ kind: 'view', view: evil }} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('kq-name').textContent).toBe('<img src=x onerror="alert(1)">Lan');
  });

  it('names the missing anchor when the page changed', () => {
    const degraded = {
      ...view,
      health: { verdict: 'degraded' as const, missing: ['header-name'], lost: 'tên khách' },
    };
    render(<Sidebar state={{ kind: 'view', view: degraded }} />);
    const health = screen.getByTestId('kq-health');
    expect(health.dataset.health).toBe('degraded');
    expect(health.textContent).toContain('header-name');
  });

  it('marks a weak identity as unconfirmed', () => {
    render(<Sidebar state={{ kind: 'view', view: { ...view, idConfidence: 'weak' } }} />);
    expect(screen.getByTestId('kq-unconfirmed')).toBeTruthy();
  });

  it('is not repainted for an answer that only moves lastSeenAt (not shown)', () => {
    const later = { ...view, lastSeenAt: view.lastSeenAt + 60_000 };
    expect(shownViewKey(later)).toBe(shownViewKey(view));
    expect(shownViewKey({ ...view, contactDays: 5 })).not.toBe(shownViewKey(view));
    expect(shownViewKey({ ...view, status: 'new' })).not.toBe(shownViewKey(view));
  });
});

describe('Sidebar labels and sync line', () => {
  const labelled: CustomerView = {
    ...view,
    labels: [{ id: 'l1', name: '<b>Khách sỉ</b>', color: '#0ea5e9' }],
  };
  const calls: string[] = [];
  const actions = {
    catalog: async () => [
      { id: 'l1', name: 'Khách sỉ', color: '#0ea5e9', order: 1 },
      { id: 'l2', name: 'Hay hỏi giá', color: '#f59e0b', order: 2 },
    ],
    assign: async (c: string, l: string) => {
      calls.push(`assign ${c} ${l}`);
      return null;
    },
    unassign: async (c: string, l: string) => {
      calls.push(`unassign ${c} ${l}`);
      return 'máy chủ từ chối';
    },
  };

  it('shows the labels as text, marks the ones carried in the picker, and reports a failure', async () => {
    calls.length = 0;
    const { container } = render(
      <Sidebar state={{ kind: 'view', view: labelled }} labels={actions} />,
    );
    expect(screen.getByTestId('kq-label-name').textContent).toBe('<b>Khách sỉ</b>');
    expect(container.querySelector('b')).toBeNull();
    screen.getByTestId('kq-label-add').click();
    const options = await screen.findAllByTestId('kq-label-option');
    // The whole catalog, each with its shortcut; the carried one marked (a click takes it off).
    expect(options.map((o) => [o.textContent, o.getAttribute('aria-pressed')])).toEqual([
      ['Khách sỉ✓Alt+Shift+1', 'true'],
      ['Hay hỏi giáAlt+Shift+2', 'false'],
    ]);
    options[1]?.click();
    screen.getByRole('button', { name: 'Bỏ nhãn <b>Khách sỉ</b>' }).click();
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'Không lưu được nhãn: máy chủ từ chối',
    );
    expect(calls).toEqual(['assign c1 l2', 'unassign c1 l1']);
  });

  it('filters the catalog as the agent types, accents optional, and creates a missing label', async () => {
    calls.length = 0;
    const created: string[] = [];
    render(
      <Sidebar
        state={{ kind: 'view', view: labelled }}
        labels={{
          ...actions,
          create: async (c, name) => {
            created.push(`${c} ${name}`);
            return null;
          },
        }}
      />,
    );
    screen.getByTestId('kq-label-add').click();
    const filter = (await screen.findByTestId('kq-label-filter')) as HTMLInputElement;
    fireEvent.input(filter, { target: { value: 'hoi gia' } });
    expect(screen.getAllByTestId('kq-label-option').map((o) => o.dataset.labelId)).toEqual(['l2']);
    expect(screen.queryByTestId('kq-label-create')).not.toBeNull();
    fireEvent.input(filter, { target: { value: 'Khách sỉ' } });
    // An exact name already in the catalog is not offered again.
    expect(screen.queryByTestId('kq-label-create')).toBeNull();
    fireEvent.input(filter, { target: { value: 'Đơn gấp' } });
    fireEvent.keyDown(filter, { key: 'Enter' });
    await waitFor(() => expect(created).toEqual(['c1 Đơn gấp']));
  });

  it('offers no "create" to an agent whose role may not add labels', async () => {
    render(<Sidebar state={{ kind: 'view', view: labelled }} labels={actions} />);
    screen.getByTestId('kq-label-add').click();
    fireEvent.input(await screen.findByTestId('kq-label-filter'), {
      target: { value: 'Nhãn mới' },
    });
    expect(screen.queryByTestId('kq-label-create')).toBeNull();
  });

  it('offers no labels for an unconfirmed identity', () => {
    render(
      <Sidebar
        state={{ kind: 'view', view: { ...labelled, idConfidence: 'weak' } }}
        labels={actions}
      />,
    );
    expect(screen.queryByTestId('kq-labels')).toBeNull();
  });

  it('says whether changes are shared, waiting, or stuck, and why', () => {
    const { rerender } = render(
      <Sidebar state={{ kind: 'view', view }} sync={{ state: 'pending', count: 3 }} />,
    );
    expect(screen.getByTestId('kq-sync').textContent).toBe('Đang chờ đồng bộ 3 thay đổi');
    rerender(
      <Sidebar
        state={{ kind: 'view', view }}
        sync={{ state: 'error', code: 'unauthorized', reason: 'token revoked', count: 2 }}
      />,
    );
    expect(screen.getByTestId('kq-sync').dataset.syncState).toBe('error');
    expect(screen.getByTestId('kq-sync').textContent).toBe('Lỗi đồng bộ: token revoked');
    rerender(<Sidebar state={{ kind: 'view', view }} sync={{ state: 'local' }} locale="en" />);
    expect(screen.getByTestId('kq-sync').textContent).toBe('Saved on this computer only');
  });
});
