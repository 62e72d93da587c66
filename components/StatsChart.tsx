// The dashboard's chart: conversations per day stacked by status (bars) and the share of
// new customers (a line on its own 0–100 % scale). uPlot draws on a canvas; the same numbers
// are in the table next to it for screen readers and copying.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import { type DayStats, STAT_STATUSES, type StatStatus } from '@/core/stats';

/** The sidebar badge's hues (components/Badge.tsx), strong enough for a bar. */
export const STATUS_COLORS: Record<StatStatus, string> = {
  new: '#10b981',
  returning: '#0ea5e9',
  customer: '#6366f1',
  vip: '#f59e0b',
  lapsed: '#f43f5e',
};

/** `dd/mm` in Vietnamese, `23 Nov` in English. */
export function dayLabel(locale: Locale, day: string): string {
  const [, m, d] = day.split('-');
  if (locale === 'vi') return `${d}/${m}`;
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

export function StatsChart(props: { days: DayStats[]; locale: Locale }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { days, locale } = props;
    const xs = days.map((_, i) => i);
    // Stacked: each series is the running total up to its status; drawn from the top down
    // so every lower band paints over the taller one behind it.
    const stacked: number[][] = [];
    let run = days.map(() => 0);
    for (const s of STAT_STATUSES) {
      run = run.map((v, i) => v + days[i]![s]);
      stacked.push(run);
    }
    const bars = uPlot.paths.bars?.({ size: [0.7, 48] });
    const order = [...STAT_STATUSES.keys()].reverse();
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth || 600),
      height: 260,
      scales: {
        x: { time: false, range: [-0.5, Math.max(0.5, days.length - 0.5)] },
        pct: { range: [0, 100] },
      },
      axes: [
        {
          values: (_u, splits) => splits.map((v) => (days[v] ? dayLabel(locale, days[v].day) : '')),
          splits: () => xs,
        },
        { label: t(locale, 'dash.conversations') },
        { scale: 'pct', side: 1, grid: { show: false }, values: (_u, v) => v.map((p) => `${p}%`) },
      ],
      // Our own legend below, in the badge's order (the series are drawn tallest first).
      legend: { show: false },
      series: [
        {
          label: t(locale, 'dash.day'),
          value: (_u, v) => (days[v] ? dayLabel(locale, days[v].day) : ''),
        },
        ...order.map((i) => ({
          label: t(locale, `status.${STAT_STATUSES[i]!}`),
          fill: STATUS_COLORS[STAT_STATUSES[i]!],
          stroke: STATUS_COLORS[STAT_STATUSES[i]!],
          ...(bars ? { paths: bars } : {}),
          points: { show: false },
        })),
        {
          label: t(locale, 'dash.new-share'),
          scale: 'pct',
          stroke: '#0f172a',
          width: 2,
        },
      ],
    };
    const data: uPlot.AlignedData = [
      xs,
      ...order.map((i) => stacked[i]!),
      days.map((d) => Math.round(d.newShare * 1000) / 10),
    ];
    const plot = new uPlot(opts, data, el);
    el.dataset.drawn = 'true';
    return () => {
      plot.destroy();
      delete el.dataset.drawn;
    };
  }, [props.days, props.locale]);
  return (
    <figure class="space-y-1">
      <div
        ref={box}
        data-testid="kq-dash-chart"
        role="img"
        aria-label={t(props.locale, 'dash.chart')}
        class="w-full overflow-x-auto"
      />
      <figcaption class="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-700">
        {STAT_STATUSES.map((s) => (
          <span key={s} class="inline-flex items-center gap-1">
            <span
              class="inline-block size-2.5 rounded-sm"
              style={{ background: STATUS_COLORS[s] }}
            />
            {t(props.locale, `status.${s}`)}
          </span>
        ))}
        <span class="inline-flex items-center gap-1">
          <span class="inline-block h-0.5 w-4 bg-slate-900" />
          {t(props.locale, 'dash.new-share')}
        </span>
      </figcaption>
    </figure>
  );
}
