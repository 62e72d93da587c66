import { render, screen } from '@testing-library/preact';
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
