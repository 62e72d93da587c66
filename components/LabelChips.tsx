import { useState } from 'preact/hooks';
import type { CustomerView } from '@/core/customer-view';
import { type Locale, t } from '@/core/i18n';
import type { CatalogLabel } from '@/core/protocol';

type Label = NonNullable<CustomerView['labels']>[number];

/** Foreground that stays readable on the label's own colour. */
function inkFor(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#0f172a' : '#ffffff';
}

/** The customer's team labels, with one-click removal and a picker to add one. */
export function LabelChips(props: {
  labels: Label[];
  locale: Locale;
  /** Loads the catalog when the picker opens (it may have changed since). */
  catalog: () => Promise<CatalogLabel[]>;
  onAssign: (labelId: string) => Promise<string | null>;
  onUnassign: (labelId: string) => Promise<string | null>;
}) {
  const { locale } = props;
  const [options, setOptions] = useState<CatalogLabel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const assigned = new Set(props.labels.map((l) => l.id));
  const act = async (run: Promise<string | null>) => {
    const failure = await run;
    setError(failure ? t(locale, 'labels.failed', { reason: failure }) : null);
  };

  return (
    <section data-testid="kq-labels" aria-label={t(locale, 'labels.title')} class="space-y-1">
      <h3 class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t(locale, 'labels.title')}
      </h3>
      <ul class="flex flex-wrap gap-1">
        {props.labels.length === 0 && (
          <li class="text-xs text-slate-500">{t(locale, 'labels.none')}</li>
        )}
        {props.labels.map((l) => (
          <li
            key={l.id}
            data-testid="kq-label-chip"
            data-label-id={l.id}
            class="inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium"
            style={{ background: l.color, color: inkFor(l.color) }}
          >
            <span data-testid="kq-label-name">{l.name}</span>
            <button
              type="button"
              class="rounded-full px-1 leading-none focus:outline-2 focus:outline-sky-600"
              aria-label={t(locale, 'labels.remove', { label: l.name })}
              onClick={() => void act(props.onUnassign(l.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {options === null ? (
        <button
          type="button"
          data-testid="kq-label-add"
          class="rounded px-2 py-0.5 text-xs text-sky-800 hover:bg-sky-50 focus:outline-2 focus:outline-sky-600"
          onClick={async () => setOptions(await props.catalog())}
        >
          + {t(locale, 'labels.add')}
        </button>
      ) : (
        <ul class="space-y-0.5 rounded-md border border-slate-200 p-1">
          {options.filter((o) => !assigned.has(o.id)).length === 0 && (
            <li class="p-1 text-xs text-slate-500">{t(locale, 'labels.empty-catalog')}</li>
          )}
          {options
            .filter((o) => !assigned.has(o.id))
            .map((o) => (
              <li key={o.id}>
                <button
                  type="button"
                  data-testid="kq-label-option"
                  data-label-id={o.id}
                  class="flex w-full items-center gap-2 rounded px-1 py-0.5 text-left text-xs hover:bg-slate-100"
                  onClick={() => {
                    setOptions(null);
                    void act(props.onAssign(o.id));
                  }}
                >
                  <span class="h-2.5 w-2.5 rounded-full" style={{ background: o.color }} />
                  {o.name}
                </button>
              </li>
            ))}
        </ul>
      )}
      {error && (
        <p role="alert" class="text-xs text-rose-800">
          {error}
        </p>
      )}
    </section>
  );
}
