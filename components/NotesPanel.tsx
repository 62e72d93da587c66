import { useEffect, useState } from 'preact/hooks';
import type { NoteView } from '@/core/customer-view';
import { formatClock, type Locale, t } from '@/core/i18n';
import { useSidebar } from './sidebar-context';

const button =
  'rounded px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-100 focus:outline-2 focus:outline-sky-600';

/**
 * The customer's notes: add, edit, pin, delete with undo. The view carries them; each change
 * goes to the background and the fresh view comes back through a re-resolve.
 */
export function NotesPanel(props: { customerId: string; notes: NoteView[]; locale: Locale }) {
  const { actions } = useSidebar();
  const { locale, customerId } = props;
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [deleted, setDeleted] = useState<NoteView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDraft('');
    setEditing(null);
    setDeleted(null);
    setError(null);
  }, [customerId]);

  if (!actions) return null;
  const run = async (req: Parameters<typeof actions.note>[0]) => {
    const r = await actions.note(req);
    setError(r.ok ? null : t(locale, 'notes.failed', { reason: r.error }));
    return r.ok;
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    if (await run({ action: 'add', customerId, text })) setDraft('');
  };
  const save = async () => {
    if (!editing) return;
    if (await run({ action: 'edit', id: editing.id, text: editing.text.trim() })) setEditing(null);
  };
  const remove = async (note: NoteView) => {
    if (await run({ action: 'delete', id: note.id })) setDeleted(note);
  };
  const undo = async () => {
    if (!deleted) return;
    const { text, author, pinned, createdAt } = deleted;
    if (await run({ action: 'restore', customerId, text, author, pinned, createdAt }))
      setDeleted(null);
  };

  return (
    <section data-testid="kq-notes" aria-label={t(locale, 'notes.title')} class="space-y-1">
      <h3 class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t(locale, 'notes.title')}
      </h3>
      <form class="space-y-1" onSubmit={add}>
        <textarea
          data-testid="kq-note-input"
          rows={2}
          maxLength={10_000}
          class="w-full resize-y rounded border border-slate-300 px-2 py-1 text-xs focus:outline-2 focus:outline-sky-600"
          placeholder={t(locale, 'notes.placeholder')}
          aria-label={t(locale, 'notes.placeholder')}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button
          type="submit"
          data-testid="kq-note-add"
          disabled={draft.trim() === ''}
          class="rounded bg-slate-800 px-2 py-1 text-xs text-white disabled:opacity-50 focus:outline-2 focus:outline-sky-600"
        >
          {t(locale, 'notes.add')}
        </button>
      </form>
      {error && (
        <p data-testid="kq-note-error" role="alert" class="text-xs text-rose-800">
          {error}
        </p>
      )}
      {deleted && (
        <p role="status" class="flex items-center gap-2 text-xs text-slate-700">
          {t(locale, 'notes.deleted')}
          <button
            type="button"
            data-testid="kq-note-undo"
            class={`${button} font-semibold text-sky-800`}
            onClick={() => void undo()}
          >
            {t(locale, 'notes.undo')}
          </button>
        </p>
      )}
      <ul class="space-y-1">
        {props.notes.length === 0 && (
          <li class="text-xs text-slate-500">{t(locale, 'notes.none')}</li>
        )}
        {props.notes.map((n) => (
          <li
            key={n.id}
            data-testid="kq-note"
            data-note-id={n.id}
            data-pinned={n.pinned ? 'true' : 'false'}
            class={`rounded-md p-2 text-xs ring-1 ${n.pinned ? 'bg-amber-50 ring-amber-300' : 'bg-slate-50 ring-slate-200'}`}
          >
            {editing?.id === n.id ? (
              <div class="space-y-1">
                <textarea
                  data-testid="kq-note-edit-input"
                  rows={3}
                  maxLength={10_000}
                  class="w-full rounded border border-slate-300 px-2 py-1 focus:outline-2 focus:outline-sky-600"
                  aria-label={t(locale, 'notes.edit')}
                  value={editing.text}
                  onInput={(e) => setEditing({ id: n.id, text: e.currentTarget.value })}
                />
                <div class="flex gap-1">
                  <button
                    type="button"
                    data-testid="kq-note-save"
                    disabled={editing.text.trim() === ''}
                    class="rounded bg-slate-800 px-2 py-0.5 text-white disabled:opacity-50 focus:outline-2 focus:outline-sky-600"
                    onClick={() => void save()}
                  >
                    {t(locale, 'notes.save')}
                  </button>
                  <button type="button" class={button} onClick={() => setEditing(null)}>
                    {t(locale, 'notes.cancel')}
                  </button>
                </div>
              </div>
            ) : (
              <>
                <p
                  data-testid="kq-note-text"
                  class="whitespace-pre-wrap break-words text-slate-900"
                >
                  {n.pinned && <span class="sr-only">{t(locale, 'notes.pinned')}: </span>}
                  {n.text}
                </p>
                <p data-testid="kq-note-meta" class="mt-1 text-[11px] text-slate-500">
                  {t(locale, 'notes.by', {
                    author: n.author || t(locale, 'notes.this-device'),
                    time: formatClock(locale, n.createdAt, 'stamp'),
                  })}
                </p>
                <div class="mt-1 flex gap-1">
                  <button
                    type="button"
                    data-testid="kq-note-edit"
                    class={button}
                    onClick={() => setEditing({ id: n.id, text: n.text })}
                  >
                    {t(locale, 'notes.edit')}
                  </button>
                  <button
                    type="button"
                    data-testid="kq-note-pin"
                    aria-pressed={n.pinned}
                    class={button}
                    onClick={() => void run({ action: 'edit', id: n.id, pinned: !n.pinned })}
                  >
                    {t(locale, n.pinned ? 'notes.unpin' : 'notes.pin')}
                  </button>
                  <button
                    type="button"
                    data-testid="kq-note-delete"
                    class={`${button} hover:text-rose-700`}
                    onClick={() => void remove(n)}
                  >
                    {t(locale, 'notes.delete')}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
