import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDate, formatMoney, type Locale, t } from '@/core/i18n';
import type { TimelineEntry, TimelinePage } from '@/core/timeline';
import { useSidebar } from './sidebar-context';

/** Fixed row height: a long history is windowed, only the rows in view are in the DOM. */
export const HISTORY_ROW_PX = 44;
const VISIBLE_ROWS = 6;
const OVERSCAN = 4;

const DOT: Record<TimelineEntry['kind'], string> = {
  touchpoint: 'bg-sky-500',
  order: 'bg-indigo-500',
  note: 'bg-amber-500',
  label: 'bg-emerald-500',
  merge: 'bg-slate-500',
  stage: 'bg-violet-500',
};

/** One line saying what happened, and a second with detail (items, note text). */
export function entryLines(locale: Locale, e: TimelineEntry): [string, string] {
  switch (e.kind) {
    case 'touchpoint':
      return [
        t(locale, 'history.touchpoint', {
          count: e.count,
          platform: t(locale, `platform.${e.platform}`),
        }),
        e.identityName ?? '',
      ];
    case 'order':
      return [
        t(locale, 'history.order', {
          code: e.code,
          total: formatMoney(locale, e.total),
          status: t(locale, `order.${e.status}`),
        }),
        (e.items ?? []).map((i) => `${i.quantity}× ${i.name}`).join(', '),
      ];
    case 'note':
      return [t(locale, 'history.note', { text: e.text }), e.author];
    case 'label': {
      const label = e.labelName ?? t(locale, 'history.label-gone');
      return [
        t(locale, e.action === 'assign' ? 'history.label-assign' : 'history.label-unassign', {
          label,
        }),
        '',
      ];
    }
    case 'merge': {
      const key =
        e.role === 'split'
          ? 'history.merge-split'
          : e.by === 'phone'
            ? 'history.merge-phone'
            : e.by === 'email'
              ? 'history.merge-email'
              : 'history.merge-agent';
      const line = t(locale, key, { name: e.otherName, value: e.value ?? '' });
      return [e.undoneAt ? `${line} ${t(locale, 'history.undone')}` : line, ''];
    }
    case 'stage':
      return [
        t(locale, 'history.stage', {
          stage: e.stageName ?? e.stageId,
          why: t(locale, `history.stage.${e.signal ?? 'agent'}`),
        }),
        e.by ?? '',
      ];
  }
}

/**
 * The customer's history across platforms, newest first, windowed so a customer with
 * thousands of entries costs the same as one with ten. Older pages load as the agent
 * scrolls (or presses "Show older").
 */
export function HistoryList(props: { page: TimelinePage; locale: Locale }) {
  const { actions } = useSidebar();
  const { locale, page } = props;
  const [entries, setEntries] = useState(page.entries);
  const [cursor, setCursor] = useState(page.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [top, setTop] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  // A fresh first page (a new customer, or a change to this one) starts over.
  useEffect(() => {
    setEntries(page.entries);
    setCursor(page.nextCursor);
    setError(null);
  }, [page]);
  useEffect(() => {
    setTop(0);
    if (box.current) box.current.scrollTop = 0;
  }, [page.customerId]);

  const loadMore = async () => {
    if (!actions || !cursor || loading) return;
    setLoading(true);
    const r = await actions.timeline(page.customerId, cursor);
    setLoading(false);
    if (!r.ok) return setError(t(locale, 'history.failed', { reason: r.error }));
    setEntries((all) => {
      const seen = new Set(all.map((e) => `${e.kind}:${e.id}`));
      return [...all, ...r.page.entries.filter((e) => !seen.has(`${e.kind}:${e.id}`))];
    });
    setCursor(r.page.nextCursor);
  };
  const unmerge = async (mergeId: string) => {
    if (!actions) return;
    const r = await actions.unmerge(mergeId);
    if (!r.ok) setError(t(locale, 'history.failed', { reason: r.error }));
  };

  const first = Math.max(0, Math.floor(top / HISTORY_ROW_PX) - OVERSCAN);
  const last = Math.min(entries.length, first + VISIBLE_ROWS + 2 * OVERSCAN);
  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLDivElement;
    setTop(el.scrollTop);
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2 * HISTORY_ROW_PX) void loadMore();
  };

  return (
    <section data-testid="kq-history" aria-label={t(locale, 'history.title')} class="space-y-1">
      <h3 class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t(locale, 'history.title')}
      </h3>
      {entries.length === 0 ? (
        <p class="text-xs text-slate-500">{t(locale, 'history.none')}</p>
      ) : (
        <div
          ref={box}
          data-testid="kq-history-scroll"
          class="relative overflow-y-auto rounded-md ring-1 ring-slate-200"
          style={{ maxHeight: `${VISIBLE_ROWS * HISTORY_ROW_PX}px` }}
          onScroll={onScroll}
        >
          <ul class="relative" style={{ height: `${entries.length * HISTORY_ROW_PX}px` }}>
            {entries.slice(first, last).map((e, i) => {
              const [line, detail] = entryLines(locale, e);
              const canUndo = e.kind === 'merge' && e.role === 'absorbed' && !e.undoneAt;
              return (
                <li
                  key={`${e.kind}:${e.id}`}
                  aria-setsize={entries.length}
                  aria-posinset={first + i + 1}
                  data-testid="kq-history-entry"
                  data-kind={e.kind}
                  title={detail ? `${line}\n${detail}` : line}
                  class="absolute inset-x-0 flex items-center gap-2 border-b border-slate-100 px-2 text-xs"
                  style={{
                    top: `${(first + i) * HISTORY_ROW_PX}px`,
                    height: `${HISTORY_ROW_PX}px`,
                  }}
                >
                  <span class={`h-2 w-2 shrink-0 rounded-full ${DOT[e.kind]}`} aria-hidden="true" />
                  <span class="min-w-0 flex-1">
                    <span class="block truncate text-slate-900">{line}</span>
                    <span class="block truncate text-[11px] text-slate-500">
                      {formatDate(locale, e.at)}
                      {detail ? ` · ${detail}` : ''}
                    </span>
                  </span>
                  {canUndo && (
                    <button
                      type="button"
                      data-testid="kq-unmerge"
                      class="shrink-0 rounded px-1.5 py-0.5 text-sky-800 ring-1 ring-sky-300 hover:bg-sky-50 focus:outline-2 focus:outline-sky-600"
                      onClick={() => void unmerge(e.mergeId)}
                    >
                      {t(locale, 'history.unmerge')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {cursor && (
        <button
          type="button"
          data-testid="kq-history-more"
          disabled={loading}
          class="rounded px-2 py-0.5 text-xs text-sky-800 hover:bg-sky-50 disabled:opacity-50 focus:outline-2 focus:outline-sky-600"
          onClick={() => void loadMore()}
        >
          {t(locale, loading ? 'history.loading' : 'history.more')}
        </button>
      )}
      {error && (
        <p role="alert" class="text-xs text-rose-800">
          {error}
        </p>
      )}
    </section>
  );
}
