// The care UI's pure parts and components: when snoozes and reminders fall, why an item is
// due in each language, and the queue list as the agent sees it (due order, filter by kind,
// done / snooze / dismiss sent to the background with what the agent chose).
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CareQueueList } from '@/components/CareQueue';
import { careStore } from '@/components/care-store';
import type { CareAct, CareQueue, CareQueueEntry } from '@/core/care/types';
import { atLocal, firstLine, parseLocalDate, remindAt, snoozeUntil } from '@/core/care/when';
import { careReasonText } from '@/core/i18n-care';
import { onMessage } from '@/utils/messaging';

const NOW = new Date(2026, 10, 23, 14, 30).getTime();
const DAY = 86_400_000;

describe('when', () => {
  it('snoozes 1 h, to tomorrow 9:00 and to next week 9:00, local time', () => {
    expect(snoozeUntil(NOW, 'hour')).toBe(NOW + 3_600_000);
    expect(new Date(snoozeUntil(NOW, 'tomorrow'))).toEqual(new Date(2026, 10, 24, 9, 0));
    expect(new Date(snoozeUntil(NOW, 'week'))).toEqual(new Date(2026, 10, 30, 9, 0));
  });
  it('this evening is 19:00 today, or tomorrow once 19:00 has passed; months roll over', () => {
    expect(new Date(remindAt(NOW, 'evening'))).toEqual(new Date(2026, 10, 23, 19, 0));
    const late = new Date(2026, 10, 30, 20, 0).getTime();
    expect(new Date(remindAt(late, 'evening'))).toEqual(new Date(2026, 11, 1, 19, 0));
    expect(new Date(remindAt(late, 'days3'))).toEqual(new Date(2026, 11, 3, 9, 0));
    expect(atLocal(NOW, 0, 9)).toBe(new Date(2026, 10, 23, 9).getTime());
  });
  it('reads a date input, refusing impossible days', () => {
    expect(parseLocalDate('2028-02-29', '08:15')).toBe(new Date(2028, 1, 29, 8, 15).getTime());
    expect(parseLocalDate('2027-02-29')).toBeNull();
    expect(parseLocalDate('2027-13-01')).toBeNull();
    expect(parseLocalDate('', '09:00')).toBeNull();
    expect(parseLocalDate('2027-01-01', '24:00')).toBeNull();
  });
  it('previews a template by its first non-empty line', () => {
    expect(firstLine('\n  Dạ chào chị Hà ạ\nCảm ơn chị')).toBe('Dạ chào chị Hà ạ');
    expect(firstLine(undefined)).toBe('');
  });
});

describe('why an item is due', () => {
  it('says it in Vietnamese and in English', () => {
    const r = {
      kind: 'thank-you',
      orderId: 'o1',
      orderCode: '#1234',
      deliveredAt: NOW - 3 * DAY,
    } as const;
    expect(careReasonText('vi', r, NOW)).toBe('Nhận hàng 3 ngày trước: đơn #1234');
    expect(careReasonText('en', r, NOW)).toBe('Delivered 3 days ago: order #1234');
    expect(careReasonText('vi', { kind: 'birthday', birthday: '02-29' }, NOW)).toBe(
      'Sinh nhật 29/02',
    );
    expect(careReasonText('en', { kind: 'birthday', birthday: '1990-08-15' }, NOW)).toBe(
      'Birthday 15/08/1990',
    );
    expect(
      careReasonText('vi', { kind: 'win-back', lastOrderAt: NOW - DAY, lapsedDays: 90 }, NOW),
    ).toBe('Lâu chưa mua: đơn gần nhất hôm qua');
    expect(careReasonText('vi', { kind: 'reminder', note: '  ' }, NOW)).toBe('Nhắc hẹn');
    expect(careReasonText('en', { kind: 'tier-up', fromTier: 'Bạc', toTier: 'Vàng' }, NOW)).toBe(
      'Moved up to Vàng (from Bạc)',
    );
  });
});

function entry(
  id: string,
  kind: CareQueueEntry['item']['kind'],
  dueAt: number,
  name: string,
): CareQueueEntry {
  return {
    item: {
      id,
      customerId: `c-${id}`,
      kind,
      occasion: id,
      dueAt,
      state: 'open',
      reason:
        kind === 'reminder'
          ? { kind, note: 'Gọi lại' }
          : { kind: 'thank-you', orderId: id, orderCode: `#${id}`, deliveredAt: dueAt - 3 * DAY },
      updatedAt: dueAt,
    },
    customerName: name,
    target: null,
    text: `Cảm ơn ${name}\ndòng hai`,
    overdue: dueAt < NOW - DAY,
  };
}

describe('the queue list', () => {
  let queue: CareQueue;
  let acts: CareAct[];
  let stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops) stop();
    stops = [];
  });
  beforeEach(() => {
    acts = [];
    queue = {
      entries: [
        entry('a', 'thank-you', NOW - 2 * DAY, 'Nguyễn Thu Hà'),
        entry('b', 'reminder', NOW - DAY / 2, 'Trần Minh Khoa'),
        entry('c', 'thank-you', NOW - 1000, 'Lê Hoàng Yến'),
      ],
      counts: { 'thank-you': 2, reminder: 1 },
    };
    stops.push(onMessage('getCareQueue', () => ({ ok: true, ...queue })));
    stops.push(
      onMessage('careAct', ({ data }) => {
        acts.push(data);
        queue = { ...queue, entries: queue.entries.filter((e) => e.item.id !== data.id) };
        return { ok: true };
      }),
    );
  });

  it('shows each item in due order with who, why and the text’s first line; filters by kind', async () => {
    render(<CareQueueList store={careStore()} locale="vi" />);
    await waitFor(() => expect(screen.getAllByTestId('kq-care-item')).toHaveLength(3));
    const items = screen.getAllByTestId('kq-care-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['thank-you', 'reminder', 'thank-you']);
    expect(screen.getAllByTestId('kq-care-name').map((n) => n.textContent)).toEqual([
      'Nguyễn Thu Hà',
      'Trần Minh Khoa',
      'Lê Hoàng Yến',
    ]);
    expect(screen.getAllByTestId('kq-care-text')[0]?.textContent).toBe('Cảm ơn Nguyễn Thu Hà');
    expect(items[0]?.dataset.overdue).toBe('true');
    fireEvent.click(
      screen
        .getAllByTestId('kq-care-kind')
        .find((k) => k.dataset.kind === 'reminder') as HTMLElement,
    );
    await waitFor(() => expect(screen.getAllByTestId('kq-care-item')).toHaveLength(1));
  });

  it('done, snooze to tomorrow 9:00 and dismiss with a reason go to the background', async () => {
    render(<CareQueueList store={careStore()} locale="en" />);
    await waitFor(() => expect(screen.getAllByTestId('kq-care-item')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('kq-care-done')[0] as HTMLElement);
    await waitFor(() => expect(screen.getAllByTestId('kq-care-item')).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId('kq-care-snooze-menu')[0] as HTMLElement);
    fireEvent.click(screen.getByText('Tomorrow 9:00'));
    await waitFor(() => expect(screen.getAllByTestId('kq-care-item')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('kq-care-dismiss'));
    fireEvent.input(screen.getByTestId('kq-care-dismiss-reason'), {
      target: { value: 'Đã gọi điện' },
    });
    fireEvent.submit(
      screen.getByTestId('kq-care-dismiss-reason').closest('form') as HTMLFormElement,
    );
    await waitFor(() =>
      expect(screen.getByTestId('kq-care-empty').textContent).toBe(
        'Nothing to follow up. Well done!',
      ),
    );
    expect(acts[0]).toEqual({ action: 'done', id: 'a' });
    expect(acts[1]).toMatchObject({ action: 'snooze', id: 'b' });
    expect(new Date((acts[1] as { until: number }).until).getHours()).toBe(9);
    expect(acts[2]).toEqual({ action: 'dismiss', id: 'c', reason: 'Đã gọi điện' });
  });
});
