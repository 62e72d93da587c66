// The manager's overview on the options page: conversations per day by status for a period,
// the share of new customers, per channel and per agent, top labels and the win-back list.
// Figures come from the background (`getStats`): the team server when connected, this
// browser's database otherwise, and the page says which.
import { useEffect, useState } from 'preact/hooks';
import { toCsv } from '@/core/csv-write';
import type { Locale } from '@/core/i18n';
import { formatDate, formatMoney } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import type { StatsResult } from '@/core/protocol';
import { type DayStats, type PeriodPreset, presetPeriod, STAT_STATUSES } from '@/core/stats';
import { sendMessage } from '@/utils/messaging';
import { DayInput } from './DayInput';
import { download } from './download';
import { dayLabel, STATUS_COLORS, StatsChart } from './StatsChart';

type Period = PeriodPreset | 'custom';
const offset = () => -new Date().getTimezoneOffset();

export function dashboardCsv(days: DayStats[]): string {
  return toCsv(
    ['day', 'conversations', ...STAT_STATUSES, 'new_share_pct'],
    days.map((d) => [
      d.day,
      d.conversations,
      ...STAT_STATUSES.map((s) => d[s]),
      Math.round(d.newShare * 1000) / 10,
    ]),
  );
}

export function Dashboard(props: { locale: Locale }) {
  const { locale } = props;
  const [period, setPeriod] = useState<Period>('7d');
  const [custom, setCustom] = useState(() => presetPeriod('7d', Date.now(), offset()));
  const [result, setResult] = useState<StatsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const range = period === 'custom' ? custom : presetPeriod(period, Date.now(), offset());
  // Counted again when the manager comes back to the tab (new conversations meanwhile).
  const [visits, setVisits] = useState(0);
  useEffect(() => {
    const again = () => document.visibilityState === 'visible' && setVisits((n) => n + 1);
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, []);

  useEffect(() => {
    let live = true;
    setError(null);
    void sendMessage('getStats', range).then((r) => {
      if (!live) return;
      if (r.ok) setResult(r);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [range.from, range.to, visits]);

  const report = result?.report;
  return (
    <section
      data-testid="kq-dash"
      class="space-y-4 rounded-xl border border-slate-200 bg-white p-4"
    >
      <header class="flex flex-wrap items-end justify-between gap-2">
        <h2 class="text-base font-semibold">{t(locale, 'dash.title')}</h2>
        <div class="flex flex-wrap items-end gap-2 text-sm">
          <label>
            <span class="sr-only">{t(locale, 'dash.period')}</span>
            <select
              data-testid="kq-dash-period"
              class="rounded-md border border-slate-300 px-2 py-1"
              value={period}
              onChange={(e) => setPeriod(e.currentTarget.value as Period)}
            >
              {(['today', '7d', '30d', 'custom'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(locale, `dash.${p}`)}
                </option>
              ))}
            </select>
          </label>
          {period === 'custom' && (
            <>
              <DayInput
                label={t(locale, 'dash.from')}
                testid="kq-dash-from"
                value={custom.from}
                onChange={(from) => setCustom({ ...custom, from })}
              />
              <DayInput
                label={t(locale, 'dash.to')}
                testid="kq-dash-to"
                value={custom.to}
                onChange={(to) => setCustom({ ...custom, to })}
              />
            </>
          )}
        </div>
      </header>
      <p class="text-xs text-slate-600">{t(locale, 'dash.help')}</p>
      {error && (
        <p role="alert" data-testid="kq-dash-error" class="text-sm text-rose-800">
          {t(locale, 'dash.failed', { reason: error })}
        </p>
      )}
      {!report && !error && <p class="text-sm">{t(locale, 'dash.loading')}</p>}
      {report && result && (
        <>
          <p
            data-testid="kq-dash-source"
            data-source={result.source}
            class="text-xs text-slate-600"
          >
            {result.serverError
              ? t(locale, 'dash.source-offline', { reason: result.serverError })
              : t(locale, result.source === 'server' ? 'dash.source-server' : 'dash.source-local')}
          </p>
          <StatsChart days={report.days} locale={locale} />
          <DayTable days={report.days} totals={report.totals} locale={locale} />
          <button
            type="button"
            data-testid="kq-dash-csv"
            class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
            onClick={() =>
              download(
                `khach-quen-${report.from}_${report.to}.csv`,
                [dashboardCsv(report.days)],
                'text/csv;charset=utf-8',
              )
            }
          >
            {t(locale, 'dash.csv')}
          </button>
          <ChannelTable result={result} locale={locale} />
          <AgentTable result={result} locale={locale} />
          <div class="grid gap-4 sm:grid-cols-2">
            <div>
              <h3 class="text-sm font-semibold">{t(locale, 'dash.labels')}</h3>
              {report.labels.length === 0 ? (
                <p class="text-sm text-slate-600">{t(locale, 'dash.none')}</p>
              ) : (
                <ol data-testid="kq-dash-labels" class="mt-1 space-y-1 text-sm">
                  {report.labels.map((l) => (
                    <li key={l.name} class="flex justify-between gap-2">
                      <span>{l.name}</span>
                      <span class="tabular-nums text-slate-600">
                        {t(locale, 'dash.label-customers', { count: l.customers })}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div>
              <h3 class="text-sm font-semibold">{t(locale, 'dash.win-back')}</h3>
              {report.winBack.length === 0 ? (
                <p class="text-sm text-slate-600">{t(locale, 'dash.win-back-none')}</p>
              ) : (
                <ul data-testid="kq-dash-winback" class="mt-1 space-y-1 text-sm">
                  {report.winBack.map((w) => (
                    <li key={w.customerId}>
                      <span class="font-medium">{w.displayName}</span>{' '}
                      <span class="text-slate-600">
                        {t(locale, 'dash.lapsed-on', { date: dayLabel(locale, w.lapsedOn) })}
                      </span>
                      <div class="text-xs text-slate-600">
                        {t(locale, 'dash.last-order', {
                          code: w.lastOrder.code,
                          date: formatDate(locale, w.lastOrder.placedAt),
                          total: formatMoney(locale, w.lastOrder.total),
                        })}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

const cell = 'px-2 py-1 text-right tabular-nums';

function DayTable(props: {
  days: DayStats[];
  totals: StatsResult['report']['totals'];
  locale: Locale;
}) {
  const { locale } = props;
  return (
    <div class="overflow-x-auto">
      <table data-testid="kq-dash-table" class="w-full text-sm">
        <caption class="sr-only">{t(locale, 'dash.chart')}</caption>
        <thead>
          <tr class="border-b border-slate-200 text-xs text-slate-600">
            <th scope="col" class="px-2 py-1 text-left">
              {t(locale, 'dash.day')}
            </th>
            <th scope="col" class={cell}>
              {t(locale, 'dash.conversations')}
            </th>
            {STAT_STATUSES.map((s) => (
              <th scope="col" key={s} class={cell}>
                <span
                  class="mr-1 inline-block size-2 rounded-full"
                  style={{ background: STATUS_COLORS[s] }}
                />
                {t(locale, `status.${s}`)}
              </th>
            ))}
            <th scope="col" class={cell}>
              {t(locale, 'dash.new-share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.days.map((d) => (
            <tr
              key={d.day}
              data-testid="kq-dash-row"
              data-day={d.day}
              data-total={d.conversations}
              {...Object.fromEntries(STAT_STATUSES.map((s) => [`data-${s}`, d[s]]))}
              class="border-b border-slate-100"
            >
              <th scope="row" class="px-2 py-1 text-left font-normal">
                {dayLabel(locale, d.day)}
              </th>
              <td class={cell}>{d.conversations}</td>
              {STAT_STATUSES.map((s) => (
                <td key={s} class={cell}>
                  {d[s]}
                </td>
              ))}
              <td class={cell}>{d.conversations ? `${Math.round(d.newShare * 100)}%` : '–'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="font-semibold">
            <th scope="row" class="px-2 py-1 text-left">
              {t(locale, 'dash.total')}
            </th>
            <td class={cell}>{props.totals.conversations}</td>
            {STAT_STATUSES.map((s) => (
              <td key={s} class={cell}>
                {props.totals[s]}
              </td>
            ))}
            <td class={cell}>
              {props.totals.conversations
                ? `${Math.round((props.totals.new / props.totals.conversations) * 100)}%`
                : '–'}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ChannelTable(props: { result: StatsResult; locale: Locale }) {
  const { locale, result } = props;
  const team = new Map(result.team?.channels.map((c) => [c.platform, c]));
  return (
    <div class="overflow-x-auto">
      <h3 class="text-sm font-semibold">{t(locale, 'dash.channels')}</h3>
      <table data-testid="kq-dash-channels" class="w-full text-sm">
        <thead>
          <tr class="border-b border-slate-200 text-xs text-slate-600">
            <th scope="col" class="px-2 py-1 text-left">
              {t(locale, 'dash.channel')}
            </th>
            <th scope="col" class={cell}>
              {t(locale, 'dash.conversations')}
            </th>
            {STAT_STATUSES.map((s) => (
              <th scope="col" key={s} class={cell}>
                {t(locale, `status.${s}`)}
              </th>
            ))}
            {result.team && (
              <>
                <th scope="col" class={cell}>
                  {t(locale, 'dash.team-new')}
                </th>
                <th scope="col" class={cell}>
                  {t(locale, 'dash.team-returning')}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {result.report.channels.map((c) => (
            <tr key={c.platform} data-platform={c.platform} class="border-b border-slate-100">
              <th scope="row" class="px-2 py-1 text-left font-normal">
                {t(locale, `platform.${c.platform}`)}
              </th>
              <td class={cell}>{c.conversations}</td>
              {STAT_STATUSES.map((s) => (
                <td key={s} class={cell}>
                  {c[s]}
                </td>
              ))}
              {result.team && (
                <>
                  <td class={cell}>{team.get(c.platform)?.new ?? 0}</td>
                  <td class={cell}>{team.get(c.platform)?.returning ?? 0}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgentTable(props: { result: StatsResult; locale: Locale }) {
  const { locale, result } = props;
  return (
    <div class="overflow-x-auto">
      <h3 class="text-sm font-semibold">{t(locale, 'dash.agents')}</h3>
      {!result.team ? (
        <p class="text-sm text-slate-600">{t(locale, 'dash.agents-local')}</p>
      ) : result.team.agents.length === 0 ? (
        <p class="text-sm text-slate-600">{t(locale, 'dash.none')}</p>
      ) : (
        <table data-testid="kq-dash-agents" class="w-full text-sm">
          <thead>
            <tr class="border-b border-slate-200 text-xs text-slate-600">
              <th scope="col" class="px-2 py-1 text-left">
                {t(locale, 'dash.agent')}
              </th>
              <th scope="col" class={cell}>
                {t(locale, 'status.new')}
              </th>
              <th scope="col" class={cell}>
                {t(locale, 'status.returning')}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.team.agents.map((a) => (
              <tr key={a.memberId} class="border-b border-slate-100">
                <th scope="row" class="px-2 py-1 text-left font-normal">
                  {a.name}
                </th>
                <td class={cell}>{a.new}</td>
                <td class={cell}>{a.returning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
