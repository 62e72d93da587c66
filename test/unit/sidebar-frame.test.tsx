// The sidebar frame: the rail keeps the status when collapsed, the toggle keeps focus, and
// the resize handle is a keyboard-operable splitter with its value.
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Sidebar } from '@/components/Sidebar';
import type { CustomerView } from '@/core/customer-view';

const view: CustomerView = {
  customerId: 'c1',
  displayName: 'Chị Lan',
  status: 'vip',
  evidence: [],
  idConfidence: 'strong',
  platforms: ['zalo'],
  firstSeenAt: Date.UTC(2026, 2, 12),
  lastSeenAt: Date.UTC(2026, 10, 23),
  contactDays: 4,
  health: { verdict: 'ok' },
};

describe('Sidebar frame', () => {
  it('collapses to a rail that names the status, and keeps focus on the toggle', () => {
    render(<Sidebar state={{ kind: 'view', view }} />);
    const toggle = screen.getByTestId('kq-toggle');
    expect(toggle.getAttribute('title')).toBe('Thu gọn thanh bên (Alt+Shift+K)');
    expect(toggle.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+K');
    fireEvent.click(toggle);
    const rail = screen.getByTestId('kq-rail');
    expect(rail.dataset.status).toBe('vip');
    expect(rail.getAttribute('aria-label')).toBe('Khách Quen: VIP');
    expect(screen.queryByTestId('kq-name')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('kq-toggle'));
    expect(screen.getByTestId('kq-toggle').getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(screen.getByTestId('kq-toggle'));
    expect(screen.queryByTestId('kq-rail')).toBeNull();
    expect(screen.getByTestId('kq-name').textContent).toBe('Chị Lan');
  });

  it('shows the unknown status on the rail while a switch resolves', () => {
    render(<Sidebar state={{ kind: 'loading', reason: 'switching' }} locale="en" />);
    fireEvent.click(screen.getByTestId('kq-toggle'));
    expect(screen.getByTestId('kq-rail').dataset.status).toBe('unknown');
    expect(screen.getByTestId('kq-rail').getAttribute('aria-label')).toBe('Khách Quen: Unknown');
  });

  it('says on the rail when the page changed', () => {
    const degraded: CustomerView = {
      ...view,
      health: { verdict: 'degraded', missing: ['composer'], lost: 'replies cannot be inserted' },
    };
    render(<Sidebar state={{ kind: 'view', view: degraded }} locale="en" />);
    fireEvent.click(screen.getByTestId('kq-toggle'));
    expect(screen.getByTestId('kq-rail-changed')).toBeTruthy();
    expect(screen.getByTestId('kq-rail').getAttribute('aria-label')).toBe(
      'Khách Quen: VIP. The page changed: open the sidebar to see',
    );
  });

  it('resizes from the keyboard within its limits', () => {
    render(<Sidebar state={{ kind: 'view', view }} />);
    const handle = screen.getByTestId('kq-resize');
    expect(handle.tagName).toBe('HR'); // implicit role separator
    expect(handle.getAttribute('aria-valuenow')).toBe('320');
    fireEvent.keyDown(handle, { key: 'ArrowLeft' });
    expect(screen.getByTestId('kq-resize').getAttribute('aria-valuenow')).toBe('336');
    fireEvent.keyDown(screen.getByTestId('kq-resize'), { key: 'End' });
    expect(screen.getByTestId('kq-resize').getAttribute('aria-valuenow')).toBe('480');
    expect(screen.getByTestId('kq-dock').style.width).toBe('480px');
  });
});
