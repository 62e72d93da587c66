import { useState } from 'preact/hooks';
import type { CustomerView } from '@/core/customer-view';
import { type Locale, t } from '@/core/i18n';
import type { CatalogLabel } from '@/core/protocol';
import { nameKey } from '@/core/text';

type Label = NonNullable<CustomerView['labels']>[number];

/**
 * Foreground that stays readable on the label's own colour: whichever of dark slate and
 * white has the higher WCAG contrast against it (managers pick any colour).
 */
export function inkFor(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum =
    0.2126 * channel((n >> 16) & 255) +
    0.7152 * channel((n >> 8) & 255) +
    0.0722 * channel(n & 255);
  // Contrast with white is 1.05 / (lum + 0.05); with slate-900 (luminance 0.0116) it is
  // (lum + 0.05) / 0.0616.
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.0616 ? '#ffffff' : '#0f172a';
}

/** The customer's team labels, with one-click removal and a picker to add one. */
export function LabelChips(props: {
  labels: Label[];
  locale: Locale;
  /** Loads the catalog when the picker opens (it may have changed since). */
  catalog: () => Promise<CatalogLabel[]>;
  onAssign: (labelId: string) => Promise<string | null>;
  onUnassign: (labelId: string) => Promise<string | null>;
  /** Present when this agent may add to the catalog (a manager, or a local-only shop). */
  onCreate?: (name: string) => Promise<string | null>;
}) {
  const { locale } = props;
  const [options, setOptions] = useState<CatalogLabel[] | null>(null);
  const [query, setQuery] = useState('');
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
            data-testid="kq-label"
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
          onClick={async () => {
            setQuery('');
            setOptions(await props.catalog());
          }}
        >
          + {t(locale, 'labels.add')}
        </button>
      ) : (
        <LabelPicker
          options={options}
          assigned={assigned}
          query={query}
          locale={locale}
          canCreate={props.onCreate !== undefined}
          onQuery={setQuery}
          onClose={() => setOptions(null)}
          onToggle={(o) => {
            setOptions(null);
            void act(assigned.has(o.id) ? props.onUnassign(o.id) : props.onAssign(o.id));
          }}
          onCreate={(name) => {
            setOptions(null);
            if (props.onCreate) void act(props.onCreate(name));
          }}
        />
      )}
      {error && (
        <p role="alert" class="text-xs text-rose-800">
          {error}
        </p>
      )}
    </section>
  );
}

/** Labels bound to Alt+Shift+1…9: the first nine of the catalog, in the manager's order. */
export const LABEL_SHORTCUTS = 9;

// Accents, case and spacing ignored, as every name match in the product (core/text).
const fold = nameKey;

/** The catalog, filtered as the agent types (accents optional), with each label's shortcut. */
function LabelPicker(props: {
  options: CatalogLabel[];
  assigned: Set<string>;
  query: string;
  locale: Locale;
  canCreate: boolean;
  onQuery: (q: string) => void;
  onClose: () => void;
  onToggle: (o: CatalogLabel) => void;
  onCreate: (name: string) => void;
}) {
  const { locale, query } = props;
  const q = fold(query);
  const shown = props.options
    .map((o, i) => ({ o, shortcut: i < LABEL_SHORTCUTS ? i + 1 : undefined }))
    .filter(({ o }) => q === '' || fold(o.name).includes(q));
  const name = query.trim();
  const exact = props.options.some((o) => fold(o.name) === q);
  const creatable = props.canCreate && name.length > 0 && name.length <= 50 && !exact;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const only = shown.length === 1 ? shown[0] : undefined;
    if (only) props.onToggle(only.o);
    else if (creatable && shown.length === 0) props.onCreate(name);
  };
  return (
    <div class="space-y-1 rounded-md border border-slate-200 p-1">
      <input
        data-testid="kq-label-filter"
        // biome-ignore lint/a11y/noAutofocus: the agent opened the picker to type a label
        autoFocus
        class="w-full rounded border border-slate-300 px-2 py-1 text-xs focus:outline-2 focus:outline-sky-600"
        placeholder={t(locale, 'labels.filter')}
        aria-label={t(locale, 'labels.filter')}
        value={query}
        maxLength={50}
        onInput={(e) => props.onQuery(e.currentTarget.value)}
        onKeyDown={onKey}
      />
      <ul class="max-h-48 space-y-0.5 overflow-y-auto">
        {props.options.length === 0 && !creatable && (
          <li class="p-1 text-xs text-slate-500">{t(locale, 'labels.empty-catalog')}</li>
        )}
        {shown.map(({ o, shortcut }) => (
          <li key={o.id}>
            <button
              type="button"
              data-testid="kq-label-option"
              data-label-id={o.id}
              aria-pressed={props.assigned.has(o.id)}
              class="flex w-full items-center gap-2 rounded px-1 py-0.5 text-left text-xs hover:bg-slate-100 focus:outline-2 focus:outline-sky-600"
              onClick={() => props.onToggle(o)}
            >
              <span class="h-2.5 w-2.5 shrink-0 rounded-full" style={{ background: o.color }} />
              <span class="flex-1 truncate">{o.name}</span>
              {props.assigned.has(o.id) && <span aria-hidden="true">✓</span>}
              {shortcut !== undefined && (
                <kbd class="rounded bg-slate-100 px-1 font-mono text-[10px] text-slate-600">
                  Alt+Shift+{shortcut}
                </kbd>
              )}
            </button>
          </li>
        ))}
        {creatable && (
          <li>
            <button
              type="button"
              data-testid="kq-label-create"
              class="w-full rounded px-1 py-0.5 text-left text-xs text-sky-800 hover:bg-sky-50 focus:outline-2 focus:outline-sky-600"
              onClick={() => props.onCreate(name)}
            >
              + {t(locale, 'labels.create', { name })}
            </button>
          </li>
        )}
      </ul>
      <p class="px-1 text-[10px] text-slate-500">{t(locale, 'labels.shortcut-hint')}</p>
    </div>
  );
}
