import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Dashboard, dashboardCsv } from '@/components/Dashboard';
import { dayLabel } from '@/components/StatsChart';
import type { StatsResult } from '@/core/protocol';
import { DEFAULT_RECOGNITION_SETTINGS } from '@/core/settings';
import { computeStats } from '@/core/stats';

const calls = vi.hoisted(() => [] as unknown[]);
// uPlot needs a real canvas; happy-dom has none. The chart is covered by the e2e test.
vi.mock('uplot', () => ({
  default: Object.assign(
    class {
      destroy() {}
    },
    { paths: {} },
  ),
}));
vi.mock('uplot/dist/uPlot.min.css', () => ({}));

vi.mock('@/utils/messaging', () => ({
  sendMessage: async (name: string, data: { from: string; to: string }) => {
    calls.push([name, data]);
    if (data.from > data.to)
      return { ok: false, error: 'bad stats request: from: must not be after to' };
    const report = computeStats({
      ...data,
      utcOffsetMinutes: 420,
      touchpoints: [
        { customerId: 'a', platform: 'zalo', day: data.to },
        { customerId: 'b', platform: 'messenger', day: data.to },
      ],
      customers: new Map([
        ['a', { id: 'a', displayName: '<b>Hà</b>', labels: ['Sỉ'], earlierDays: [], orders: [] }],
        ['b', { id: 'b', displayName: 'Lan', labels: [], earlierDays: ['2020-01-01'], orders: [] }],
      ]),
      winBackCandidates: [],
      settings: DEFAULT_RECOGNITION_SETTINGS,
    });
    return { ok: true, source: 'local', report } satisfies StatsResult & { ok: true };
  },
}));

describe('Dashboard', () => {
  it("shows the period's days with counts per status, in a table with data hooks", async () => {
    render(<Dashboard locale="vi" />);
    const rows = await screen.findAllByTestId('kq-dash-row');
    expect(rows).toHaveLength(7);
    const last = rows.at(-1)!;
    expect(last.dataset).toMatchObject({ new: '1', returning: '1', total: '2', customer: '0' });
    expect(within(last).getByRole('rowheader').textContent).toBe(dayLabel('vi', last.dataset.day!));
    expect(screen.getByTestId('kq-dash-source').dataset.source).toBe('local');
    expect(screen.getByTestId('kq-dash-labels').textContent).toContain('Sỉ');
    expect(screen.getByText(/Chỉ có khi kết nối máy chủ nhóm/)).toBeTruthy();
  });

  it('switches period and says why a custom one is refused', async () => {
    render(<Dashboard locale="en" />);
    fireEvent.change(screen.getByTestId('kq-dash-period'), { target: { value: 'today' } });
    await waitFor(() => expect(screen.getAllByTestId('kq-dash-row')).toHaveLength(1));
    fireEvent.change(screen.getByTestId('kq-dash-period'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByTestId('kq-dash-from'), { target: { value: '2030-01-01' } });
    expect((await screen.findByTestId('kq-dash-error')).textContent).toContain('must not be after');
  });

  it('day labels read dd/mm in Vietnamese; the CSV has the same numbers as the table', () => {
    expect(dayLabel('vi', '2026-11-03')).toBe('03/11');
    expect(dayLabel('en', '2026-11-03')).toBe('3 Nov');
    const csv = dashboardCsv([
      {
        day: '2026-11-03',
        conversations: 3,
        new: 1,
        returning: 1,
        customer: 1,
        vip: 0,
        lapsed: 0,
        newShare: 1 / 3,
      },
    ]);
    expect(csv).toBe(
      '\uFEFFday,conversations,new,returning,customer,vip,lapsed,new_share_pct\r\n2026-11-03,3,1,1,1,0,0,33.3\r\n',
    );
  });
});
