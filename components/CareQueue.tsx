// "Hôm nay cần chăm sóc" / "Today's follow-ups": the items due now and overdue, in due order,
// with a filter by kind (and its count). Each one says who, why it is due and the first line
// of the suggested text; open goes to the conversation and fills the composer (never sends),
// done / snooze / dismiss (with a reason) take it off the list.
import { useEffect, useState } from 'preact/hooks';
import type { CareKind, CareQueueEntry } from '@/core/care/types';
import { firstLine, SNOOZES, type Snooze, snoozeUntil } from '@/core/care/when';
import type { Locale } from '@/core/i18n';
import { careKindLabel, careReasonText, careTime, ct } from '@/core/i18n-care';
import { refusal } from '@/core/protocol';
import { sendMessage } from '@/utils/messaging';
import { type CareSnapshot, type CareStore, dueCount } from './care-store';

type Acted = { ok: true; note?: string } | { ok: false; error: string };

const BTN =
  'rounded px-2 py-0.5 text-xs ring-1 ring-slate-300 hover:bg-slate-100 focus:outline-2 focus:outline-sky-600';

export function useCare(store: CareStore): CareSnapshot {
  const [snap, setSnap] = useState(store.get());
  useEffect(() => store.subscribe(setSnap), [store]);
  return snap;
}

/** The rail's count of items due (`kq-care-count`). */
export function CareCount(props: { store: CareStore; locale: Locale }) {
  const snap = useCare(props.store);
  const n = snap.kind === 'queue' ? dueCount(snap.queue) : 0;
  return (
    <span
      data-testid="kq-care-count"
      data-count={n}
      title={ct(props.locale, 'count', { count: n })}
      class={`rounded-full px-1.5 text-xs font-bold ${
        n > 0 ? 'bg-rose-600 text-white' : 'bg-slate-100 text-slate-600'
      }`}
    >
      {n}
      <span class="sr-only"> {ct(props.locale, 'count', { count: n })}</span>
    </span>
  );
}

export function CareQueueList(props: {
  store: CareStore;
  locale: Locale;
  scope?: 'mine' | 'team';
  /** Sidebar: a one-line header that opens the list; the popup shows it open. */
  collapsible?: boolean;
}) {
  const { store, locale } = props;
  const snap = useCare(store);
  const [open, setOpen] = useState(!props.collapsible);
  const [kind, setKind] = useState<CareKind | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const title = ct(locale, props.scope === 'team' ? 'title.team' : 'title');
  const n = snap.kind === 'queue' ? dueCount(snap.queue) : 0;

  const heading = props.collapsible ? (
    <button
      type="button"
      data-testid="kq-care-toggle"
      aria-expanded={open}
      class="flex w-full items-center justify-between gap-2 rounded px-1 py-0.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase hover:bg-slate-100 focus:outline-2 focus:outline-sky-600"
      onClick={() => setOpen(!open)}
    >
      <span>{title}</span>
      <span class="flex items-center gap-1">
        <CareCount store={store} locale={locale} />
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </span>
    </button>
  ) : (
    <h2 class="text-sm font-bold text-slate-700">{title}</h2>
  );

  let body = null;
  if (open) {
    if (snap.kind === 'loading')
      body = <p class="text-xs text-slate-500">{ct(locale, 'loading')}</p>;
    else if (snap.kind === 'error')
      body = (
        <p data-testid="kq-care-error" role="alert" class="text-xs text-rose-800">
          {ct(locale, 'failed', { reason: snap.error })}
        </p>
      );
    else {
      const { entries, counts } = snap.queue;
      const kinds = Object.entries(counts).filter(([, c]) => (c ?? 0) > 0) as [CareKind, number][];
      const shown = kind ? entries.filter((e) => e.item.kind === kind) : entries;
      const act = async (work: Promise<Acted>) => {
        const r = await work.catch(refusal);
        setMessage(
          r.ok
            ? r.note
              ? { ok: true, text: r.note }
              : null
            : { ok: false, text: ct(locale, 'act.failed', { reason: r.error }) },
        );
        await store.refresh();
      };
      body =
        entries.length === 0 ? (
          <p data-testid="kq-care-empty" class="text-xs text-slate-500">
            {ct(locale, 'empty')}
          </p>
        ) : (
          <>
            {kinds.length > 1 && (
              <div class="flex flex-wrap gap-1">
                <KindChip
                  label={ct(locale, 'all')}
                  count={n}
                  on={kind === null}
                  pick={() => setKind(null)}
                />
                {kinds.map(([k, c]) => (
                  <KindChip
                    key={k}
                    kind={k}
                    label={careKindLabel(locale, k)}
                    count={c}
                    on={kind === k}
                    pick={() => setKind(kind === k ? null : k)}
                  />
                ))}
              </div>
            )}
            <ol class="space-y-1.5">
              {shown.map((e) => (
                <CareRow key={e.item.id} entry={e} locale={locale} now={snap.at} act={act} />
              ))}
            </ol>
          </>
        );
    }
  }

  return (
    <section data-testid="kq-care" aria-label={title} class="space-y-1.5">
      {heading}
      {body}
      {open && message && (
        <p
          data-testid="kq-care-outcome"
          role={message.ok ? 'status' : 'alert'}
          class={`text-xs ${message.ok ? 'text-emerald-800' : 'text-rose-800'}`}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}

function KindChip(props: {
  kind?: CareKind;
  label: string;
  count: number;
  on: boolean;
  pick: () => void;
}) {
  return (
    <button
      type="button"
      data-testid="kq-care-kind"
      data-kind={props.kind ?? 'all'}
      aria-pressed={props.on}
      class={`rounded-full px-2 py-0.5 text-xs ring-1 focus:outline-2 focus:outline-sky-600 ${
        props.on
          ? 'bg-sky-700 text-white ring-sky-700'
          : 'text-slate-700 ring-slate-300 hover:bg-slate-100'
      }`}
      onClick={props.pick}
    >
      {props.label} {props.count}
    </button>
  );
}

function CareRow(props: {
  entry: CareQueueEntry;
  locale: Locale;
  now: number;
  act: (work: Promise<Acted>) => Promise<void>;
}) {
  const { entry, locale, act } = props;
  const { item } = entry;
  const [menu, setMenu] = useState<'snooze' | 'dismiss' | null>(null);
  const [reason, setReason] = useState('');
  const preview = firstLine(entry.text);
  return (
    <li
      data-testid="kq-care-item"
      data-kind={item.kind}
      data-item-id={item.id}
      data-overdue={entry.overdue ? 'true' : 'false'}
      class="space-y-1 rounded-md p-2 ring-1 ring-slate-200"
    >
      <p class="flex items-baseline justify-between gap-2">
        <span data-testid="kq-care-name" class="truncate text-sm font-semibold">
          {entry.customerName}
        </span>
        <span class="shrink-0 text-[11px] text-slate-600">
          {careKindLabel(locale, item.kind)}
          {entry.overdue ? (
            <span class="ml-1 font-semibold text-rose-700">· {ct(locale, 'overdue')}</span>
          ) : null}
        </span>
      </p>
      <p data-testid="kq-care-why" class="text-xs text-slate-700">
        {careReasonText(locale, item.reason, props.now)}
      </p>
      {preview && (
        <p data-testid="kq-care-text" class="truncate text-xs text-slate-500 italic">
          {preview}
        </p>
      )}
      <p class="text-[11px] text-slate-500">
        {ct(locale, 'due', { time: careTime(locale, item.snoozeUntil ?? item.dueAt) })}
      </p>
      <div class="flex flex-wrap gap-1">
        <button
          type="button"
          data-testid="kq-care-open"
          title={ct(locale, 'open.hint')}
          class={`${BTN} bg-sky-700 text-white ring-sky-700 hover:bg-sky-800`}
          onClick={() =>
            void act(
              sendMessage('openCareItem', { id: item.id }).then(
                (r): Acted =>
                  r.ok
                    ? {
                        ok: true,
                        note: ct(locale, r.opened === 'tab' ? 'opened.tab' : 'opened.search'),
                      }
                    : r,
              ),
            )
          }
        >
          {ct(locale, 'open')}
        </button>
        <button
          type="button"
          data-testid="kq-care-done"
          class={BTN}
          onClick={() => void act(sendMessage('careAct', { action: 'done', id: item.id }))}
        >
          {ct(locale, 'done')}
        </button>
        <button
          type="button"
          data-testid="kq-care-snooze-menu"
          aria-expanded={menu === 'snooze'}
          class={BTN}
          onClick={() => setMenu(menu === 'snooze' ? null : 'snooze')}
        >
          {ct(locale, 'snooze')}
        </button>
        <button
          type="button"
          data-testid="kq-care-dismiss"
          aria-expanded={menu === 'dismiss'}
          class={BTN}
          onClick={() => setMenu(menu === 'dismiss' ? null : 'dismiss')}
        >
          {ct(locale, 'dismiss')}
        </button>
      </div>
      {menu === 'snooze' && (
        <div class="flex flex-wrap gap-1">
          {SNOOZES.map((s: Snooze) => (
            <button
              key={s}
              type="button"
              data-testid="kq-care-snooze"
              data-snooze={s}
              class={BTN}
              onClick={() =>
                void act(
                  sendMessage('careAct', {
                    action: 'snooze',
                    id: item.id,
                    until: snoozeUntil(Date.now(), s),
                  }),
                )
              }
            >
              {ct(locale, `snooze.${s}`)}
            </button>
          ))}
        </div>
      )}
      {menu === 'dismiss' && (
        <form
          class="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            void act(sendMessage('careAct', { action: 'dismiss', id: item.id, reason }));
          }}
        >
          <input
            data-testid="kq-care-dismiss-reason"
            aria-label={ct(locale, 'dismiss.reason')}
            placeholder={ct(locale, 'dismiss.reason')}
            required
            maxLength={300}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
            class="min-w-0 flex-1 rounded px-2 py-0.5 text-xs ring-1 ring-slate-300"
          />
          <button type="submit" data-testid="kq-care-dismiss-confirm" class={BTN}>
            {ct(locale, 'dismiss.confirm')}
          </button>
        </form>
      )}
    </li>
  );
}
