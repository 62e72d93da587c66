import { useEffect, useState } from 'preact/hooks';
import { type Locale, t } from '@/core/i18n';
import type { ReplySuggestion } from '@/core/reply-suggestion';
import { useSidebar } from './sidebar-context';

/** Shown without a click; the rest (up to 9, one per Alt+digit) on demand. */
export const REPLIES_SHOWN = 3;

/**
 * Suggested replies in rank order. A click (or Alt+1…9 anywhere on the inbox) puts the reply
 * into the host composer; nothing is ever sent: the agent reads it and presses Enter.
 */
export function ReplyList(props: {
  customerId: string;
  replies: ReplySuggestion[];
  locale: Locale;
}) {
  const { actions } = useSidebar();
  const { locale, replies } = props;
  const [more, setMore] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    setMore(false);
    setOutcome(null);
  }, [props.customerId]);

  if (replies.length === 0 || !actions) return null;
  const shown = more ? replies.slice(0, 9) : replies.slice(0, REPLIES_SHOWN);
  const insert = async (r: ReplySuggestion) => {
    const result = await actions.insertReply(r.templateId, r.text);
    setOutcome(
      result.ok
        ? { ok: true, text: t(locale, 'replies.inserted') }
        : { ok: false, text: t(locale, 'replies.failed', { reason: result.error }) },
    );
  };

  return (
    <section data-testid="kq-replies" aria-label={t(locale, 'replies.title')} class="space-y-1">
      <h3 class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t(locale, 'replies.title')}
      </h3>
      <ol class="space-y-1">
        {shown.map((r, i) => (
          <li key={r.templateId} class="rounded-md ring-1 ring-slate-200">
            <p class="flex items-center justify-between gap-2 px-2 pt-1 text-[11px] text-slate-500">
              <span class="truncate">
                {r.title}
                {r.shortcut ? ` · /${r.shortcut}` : ''}
              </span>
              <kbd class="shrink-0 rounded bg-slate-100 px-1 font-mono text-[10px] text-slate-700">
                Alt+{i + 1}
              </kbd>
            </p>
            <button
              type="button"
              data-testid="kq-reply"
              data-template-id={r.templateId}
              aria-keyshortcuts={`Alt+${i + 1}`}
              title={t(locale, 'replies.insert-hint')}
              class="line-clamp-3 w-full whitespace-pre-wrap break-words px-2 pb-1.5 text-left text-xs text-slate-900 hover:bg-sky-50 focus:outline-2 focus:outline-sky-600"
              onClick={() => void insert(r)}
            >
              {r.text}
            </button>
          </li>
        ))}
      </ol>
      {replies.length > REPLIES_SHOWN && (
        <button
          type="button"
          data-testid="kq-replies-more"
          aria-expanded={more}
          class="rounded px-2 py-0.5 text-xs text-sky-800 hover:bg-sky-50 focus:outline-2 focus:outline-sky-600"
          onClick={() => setMore(!more)}
        >
          {more
            ? t(locale, 'replies.fewer')
            : t(locale, 'replies.more', { count: Math.min(9, replies.length) - REPLIES_SHOWN })}
        </button>
      )}
      {outcome && (
        <p
          data-testid="kq-reply-outcome"
          role={outcome.ok ? 'status' : 'alert'}
          class={`text-xs ${outcome.ok ? 'text-emerald-800' : 'text-rose-800'}`}
        >
          {outcome.text}
        </p>
      )}
    </section>
  );
}
