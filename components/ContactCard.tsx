import { useEffect, useState } from 'preact/hooks';
import type { ContactKind, Suggestion } from '@/core/customer-actions';
import { type Locale, t } from '@/core/i18n';
import { displayPhoneVN } from '@/core/phone-format';
import { useSidebar } from './sidebar-context';

/**
 * The background's reasons (storage/suggestions.ts BadContactError) in the agent's language;
 * anything else is shown as it came.
 */
function contactError(locale: Locale, reason: string): string {
  if (reason.includes('not a Vietnamese phone number')) return t(locale, 'card.bad-phone');
  if (reason.includes('not an e-mail address')) return t(locale, 'card.bad-email');
  if (/already has \d+/.test(reason)) return t(locale, 'card.too-many');
  return t(locale, 'card.failed', { reason });
}

/** How a seller may address a customer (core/templates XUNG_HO). */
const SALUTATIONS = ['anh', 'chị', 'bạn', 'em', ''] as const;

/** What the agent typed: an e-mail if it has an @, else a phone number. */
const kindOf = (value: string): ContactKind => (value.includes('@') ? 'email' : 'phone');

/**
 * Phones and e-mails on the record, editable (validated in the background through
 * core/phone.ts), and customers who may be the same person, to merge or dismiss.
 */
export function ContactCard(props: {
  customerId: string;
  /** How replies address the customer; '' = the default (from the name, else "bạn"). */
  xungHo: string;
  phones: string[];
  emails: string[];
  locale: Locale;
}) {
  const { actions } = useSidebar();
  const { locale, customerId } = props;
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [matches, setMatches] = useState<Suggestion[]>([]);
  const [busy, setBusy] = useState(false);

  // A new customer on screen: forget the last one's draft, errors and matches.
  useEffect(() => {
    setDraft('');
    setError(null);
    setNotice(null);
    setMatches([]);
    if (!actions) return;
    let live = true;
    actions.suggestions(customerId).then(
      (s) => live && setMatches(s),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [customerId]);

  if (!actions) return null;
  const fail = (reason: string) => setError(contactError(locale, reason));

  const add = async (e: Event) => {
    e.preventDefault();
    const value = draft.trim();
    if (!value || busy) return;
    setBusy(true);
    const r = await actions.addContact(customerId, kindOf(value), value);
    setBusy(false);
    if (!r.ok) return fail(r.error);
    setError(null);
    setDraft('');
    if (r.suggestions.length) setMatches(r.suggestions);
  };
  const remove = async (kind: ContactKind, value: string) => {
    const r = await actions.removeContact(customerId, kind, value);
    if (r.ok) setError(null);
    else fail(r.error);
  };
  const merge = async (other: Suggestion) => {
    const r = await actions.merge(customerId, other.customerId);
    if (!r.ok) return fail(r.error);
    setMatches((m) => m.filter((s) => s.customerId !== other.customerId));
    setNotice(t(locale, 'card.merged'));
  };
  const dismiss = async (other: Suggestion) => {
    const r = await actions.dismissSuggestion(customerId, other.customerId);
    if (!r.ok) return fail(r.error);
    setMatches((m) => m.filter((s) => s.customerId !== other.customerId));
  };

  const contacts = [
    ...props.phones.map((v) => ({ kind: 'phone' as const, value: v, shown: displayPhoneVN(v) })),
    ...props.emails.map((v) => ({ kind: 'email' as const, value: v, shown: v })),
  ];
  return (
    <section data-testid="kq-contacts" aria-label={t(locale, 'card.contacts')} class="space-y-1">
      <h3 class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t(locale, 'card.contacts')}
      </h3>
      <label class="flex items-center justify-between gap-2 text-xs text-slate-700">
        {t(locale, 'replies.xungho')}
        <select
          data-testid="kq-xungho"
          class="rounded border border-slate-300 px-1 py-0.5 focus:outline-2 focus:outline-sky-600"
          value={props.xungHo}
          onChange={async (e) => {
            const value = e.currentTarget.value;
            const pick = SALUTATIONS.find((x) => x === value) ?? '';
            const r = await actions.setXungHo(customerId, pick);
            if (!r.ok) fail(r.error);
          }}
        >
          <option value="">{t(locale, 'replies.xungho.unset')}</option>
          {SALUTATIONS.filter(Boolean).map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <ul class="space-y-0.5 text-sm">
        {contacts.length === 0 && <li class="text-xs text-slate-500">{t(locale, 'card.none')}</li>}
        {contacts.map((c) => (
          <li
            key={c.value}
            data-testid={c.kind === 'phone' ? 'kq-phone' : 'kq-email'}
            data-value={c.value}
            class="flex items-center justify-between gap-2"
          >
            <span class="truncate">{c.shown}</span>
            <button
              type="button"
              class="rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-rose-700 focus:outline-2 focus:outline-sky-600"
              aria-label={t(locale, 'card.remove', { value: c.shown })}
              title={t(locale, 'card.remove', { value: c.shown })}
              onClick={() => void remove(c.kind, c.value)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form class="flex gap-1" onSubmit={add}>
        <input
          data-testid="kq-contact-input"
          class="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-xs focus:outline-2 focus:outline-sky-600"
          placeholder={t(locale, 'card.add-placeholder')}
          aria-label={t(locale, 'card.add-placeholder')}
          value={draft}
          maxLength={320}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button
          type="submit"
          data-testid="kq-contact-add"
          disabled={busy || draft.trim() === ''}
          class="rounded bg-slate-800 px-2 py-1 text-xs text-white disabled:opacity-50 focus:outline-2 focus:outline-sky-600"
        >
          {t(locale, 'card.add')}
        </button>
      </form>
      {error && (
        <p data-testid="kq-contact-error" role="alert" class="text-xs text-rose-800">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" class="text-xs text-emerald-800">
          {notice}
        </p>
      )}
      {matches.length > 0 && (
        <div class="rounded-md bg-sky-50 p-2 ring-1 ring-sky-200">
          <p class="text-xs font-semibold text-sky-900">{t(locale, 'card.matches')}</p>
          <ul class="mt-1 space-y-1">
            {matches.map((m) => (
              <li
                key={m.customerId}
                data-testid="kq-match"
                data-customer-id={m.customerId}
                class="text-xs"
              >
                <span class="font-medium">{m.displayName}</span>{' '}
                <span class="text-slate-600">
                  (
                  {m.kind === 'same-phone'
                    ? t(locale, 'card.match-phone', { value: displayPhoneVN(m.value ?? '') })
                    : m.kind === 'same-email'
                      ? t(locale, 'card.match-email', { value: m.value ?? '' })
                      : t(locale, 'card.match-name')}
                  )
                </span>
                <span class="mt-1 flex gap-1">
                  <button
                    type="button"
                    data-testid="kq-match-merge"
                    class="rounded bg-sky-700 px-2 py-0.5 text-white focus:outline-2 focus:outline-sky-900"
                    onClick={() => void merge(m)}
                  >
                    {t(locale, 'card.merge')}
                  </button>
                  <button
                    type="button"
                    data-testid="kq-match-dismiss"
                    class="rounded px-2 py-0.5 text-slate-700 ring-1 ring-slate-300 hover:bg-white focus:outline-2 focus:outline-sky-600"
                    onClick={() => void dismiss(m)}
                  >
                    {t(locale, 'suggest.dismiss')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
