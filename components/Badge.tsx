import { useState } from 'preact/hooks';
import type { Evidence } from '@/core/customer-view';
import { evidenceText, type Locale, statusLabel } from '@/core/i18n';
import type { Status } from '@/core/status';

const TONE: Record<Status, string> = {
  new: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  returning: 'bg-sky-100 text-sky-900 ring-sky-300',
  customer: 'bg-indigo-100 text-indigo-900 ring-indigo-300',
  vip: 'bg-amber-100 text-amber-900 ring-amber-400',
  lapsed: 'bg-rose-100 text-rose-900 ring-rose-300',
  unknown: 'bg-slate-100 text-slate-700 ring-slate-300',
};

export function Badge(props: { status: Status; evidence: Evidence[]; locale: Locale }) {
  const reasons = props.evidence.map((e) => evidenceText(props.locale, e));
  // The reasons show under the badge; the badge folds them away for an agent who knows them
  // by heart, and a keyboard user reaches it and hears them as its description.
  const [open, setOpen] = useState(true);
  return (
    <div>
      <button
        type="button"
        data-testid="kq-badge"
        data-status={props.status}
        title={reasons.join('\n')}
        aria-describedby={reasons.length > 0 ? 'kq-evidence-list' : undefined}
        aria-expanded={reasons.length > 0 ? open : undefined}
        aria-controls={reasons.length > 0 ? 'kq-evidence-list' : undefined}
        onClick={() => setOpen(!open)}
        class={`inline-flex items-center rounded-full px-3 py-1 text-sm font-semibold ring-1 focus:outline-2 focus:outline-sky-600 ${TONE[props.status]}`}
      >
        {statusLabel(props.locale, props.status)}
      </button>
      {reasons.length > 0 && (
        <ul
          hidden={!open}
          id="kq-evidence-list"
          data-testid="kq-evidence"
          class="mt-2 space-y-1 text-xs text-slate-600"
        >
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
