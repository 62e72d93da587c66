// The reply template editor on the options page: the shop's templates, each with segment
// and intent tags and a shortcut, a live preview filled with a real customer's values, and
// the reply settings (shop name, agent name, "/" shortcuts). Customer data is text only.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import { INTENTS, type Intent } from '@/core/intent';
import type { ReplySettings } from '@/core/settings';
import {
  hasStrayBraces,
  type ReplyTemplate,
  SEGMENTS,
  type Segment,
  unknownVariables,
  VARIABLES,
} from '@/core/templates';
import { sendMessage } from '@/utils/messaging';

interface Draft {
  id?: string;
  title: string;
  body: string;
  segments: Segment[];
  intents: Intent[];
  shortcut: string;
  /** The team's (on the team server) rather than this browser's. */
  shared: boolean;
}

const EMPTY: Draft = {
  title: '',
  body: '',
  segments: [],
  intents: [],
  shortcut: '',
  shared: false,
};
const PREVIEW_DELAY_MS = 200;
const LIST_REFRESH_MS = 3000;
const VARIABLE_LIST = VARIABLES.map((v) => `{${v}}`).join(', ');

const toDraft = (tpl: ReplyTemplate): Draft => ({
  id: tpl.id,
  title: tpl.title,
  body: tpl.body,
  segments: [...tpl.segments],
  intents: [...tpl.intents],
  shortcut: tpl.shortcut ?? '',
  shared: tpl.shared === true,
});

/** The editor's own checks, in the page's language, before anything is sent. */
function draftIssues(locale: Locale, draft: Draft): string[] {
  const issues: string[] = [];
  if (!draft.title.trim() || !draft.body.trim()) issues.push(t(locale, 'tpl.empty'));
  for (const name of unknownVariables(draft.body)) {
    issues.push(t(locale, 'tpl.unknown-var', { name: `{${name}}`, list: VARIABLE_LIST }));
  }
  if (hasStrayBraces(draft.body)) {
    issues.push(t(locale, 'tpl.braces', { open: '{', close: '}', example: '{ten_khach}' }));
  }
  if (draft.shortcut && !/^[a-z0-9_-]{1,20}$/.test(draft.shortcut)) {
    issues.push(t(locale, 'tpl.bad-shortcut'));
  }
  return issues;
}

const toggle = <T,>(list: T[], item: T): T[] =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

/**
 * `team`: connected to a team server; `canEditShared` for owners and managers (the server
 * checks the role again). Without a team there are no shared templates to show.
 */
export function TemplateEditor(props: { locale?: Locale; team?: { canEditShared: boolean } }) {
  const locale = props.locale ?? 'vi';
  const canEditShared = props.team?.canEditShared === true;
  const [templates, setTemplates] = useState<ReplyTemplate[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState<{
    text: string;
    customerName?: string;
    missing: string[];
  } | null>(null);

  const refresh = useCallback(async () => {
    setTemplates(await sendMessage('listTemplates', undefined));
  }, []);
  // The team's templates arrive with a pull at any moment: keep the list fresh (the draft
  // being edited is separate state and is not touched).
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const issues = useMemo(() => (draft ? draftIssues(locale, draft) : []), [locale, draft]);

  // Live preview, a moment after typing stops; a stale answer never replaces a newer one.
  const body = draft?.body;
  useEffect(() => {
    if (body === undefined || unknownVariables(body).length || hasStrayBraces(body)) {
      setPreview(null);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const r = await sendMessage('previewTemplate', { body });
      if (!current) return;
      setPreview(r.ok ? r : null);
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body]);

  const edit = (patch: Partial<Draft>) => {
    setSaved(false);
    setError(null);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft || issues.length) return;
    const r = await sendMessage('saveTemplate', {
      ...(draft.id ? { id: draft.id } : {}),
      title: draft.title,
      body: draft.body,
      segments: draft.segments,
      intents: draft.intents,
      // The team server keeps no shortcuts: a shared template is picked from the list.
      ...(draft.shared ? { shared: true } : { shortcut: draft.shortcut }),
    });
    if (!r.ok) return setError(t(locale, 'tpl.failed', { reason: r.error }));
    setDraft(toDraft(r.template));
    setSaved(true);
    await refresh();
  };

  const remove = async () => {
    if (!draft?.id) return;
    const r = await sendMessage('deleteTemplate', { id: draft.id });
    if (!r.ok) return setError(t(locale, 'tpl.failed', { reason: r.error }));
    setDraft(null);
    await refresh();
  };

  const shown = error ? [error, ...issues] : issues;

  return (
    <section
      data-testid="kq-tpl"
      aria-labelledby="kq-tpl-heading"
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 id="kq-tpl-heading" class="text-base font-semibold">
        {t(locale, 'tpl.section')}
      </h2>
      <p class="text-sm text-slate-600">{t(locale, 'tpl.help')}</p>
      <ReplySettingsForm locale={locale} />
      <div class="flex items-center justify-between">
        <h3 class="text-sm font-semibold">{t(locale, 'tpl.list')}</h3>
        <button
          type="button"
          data-testid="kq-tpl-new"
          class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
          onClick={() => {
            setError(null);
            setSaved(false);
            setDraft({ ...EMPTY });
          }}
        >
          {t(locale, 'tpl.new')}
        </button>
      </div>
      <ul data-testid="kq-tpl-list" class="max-h-64 space-y-1 overflow-y-auto">
        {templates.map((tpl) => (
          <li key={tpl.id} data-testid="kq-tpl-item" data-template-id={tpl.id}>
            <button
              type="button"
              aria-pressed={draft?.id === tpl.id}
              class="flex w-full items-baseline gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-slate-100 aria-pressed:bg-sky-50"
              onClick={() => {
                setError(null);
                setSaved(false);
                setDraft(toDraft(tpl));
              }}
            >
              <span class="flex-1 font-medium">{tpl.title}</span>
              {tpl.shortcut && <span class="text-xs text-slate-600">/{tpl.shortcut}</span>}
              {tpl.builtin && (
                <span class="text-xs text-slate-600">{t(locale, 'tpl.builtin')}</span>
              )}
              {tpl.shared && (
                <span data-testid="kq-tpl-shared-tag" class="text-xs font-medium text-sky-800">
                  {t(locale, 'tpl.shared-tag')}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {draft && (
        <form class="space-y-3 border-t border-slate-200 pt-3" onSubmit={save}>
          {draft.shared && !canEditShared && (
            <p data-testid="kq-tpl-readonly" class="text-sm text-slate-700">
              {t(locale, 'tpl.shared-readonly')}
            </p>
          )}
          {!draft.id && props.team && canEditShared && (
            <label class="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                data-testid="kq-tpl-shared"
                checked={draft.shared}
                onChange={(e) => edit({ shared: e.currentTarget.checked })}
              />
              {t(locale, 'tpl.shared-new')}
            </label>
          )}
          <fieldset disabled={draft.shared && !canEditShared} class="space-y-3">
            <label class="block text-sm">
              {t(locale, 'tpl.field-title')}
              <input
                data-testid="kq-tpl-title"
                maxLength={80}
                class="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
                value={draft.title}
                onInput={(e) => edit({ title: e.currentTarget.value })}
              />
            </label>
            <label class="block text-sm">
              {t(locale, 'tpl.field-body')}
              <textarea
                data-testid="kq-tpl-body"
                rows={4}
                maxLength={2000}
                aria-invalid={issues.length > 0}
                aria-describedby="kq-tpl-vars"
                class="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
                value={draft.body}
                onInput={(e) => edit({ body: e.currentTarget.value })}
              />
            </label>
            <p id="kq-tpl-vars" class="text-xs text-slate-600">
              {t(locale, 'tpl.variables', { list: VARIABLE_LIST, example: '{ten_khach|bạn}' })}
            </p>
            <fieldset class="text-sm">
              <legend>{t(locale, 'tpl.segments')}</legend>
              <div class="mt-1 flex flex-wrap gap-3">
                {SEGMENTS.map((s) => (
                  <label key={s} class="flex items-center gap-1">
                    <input
                      type="checkbox"
                      data-testid="kq-tpl-segment"
                      value={s}
                      checked={draft.segments.includes(s)}
                      onChange={() => edit({ segments: toggle(draft.segments, s) })}
                    />
                    {t(locale, `status.${s}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset class="text-sm">
              <legend>{t(locale, 'tpl.intents')}</legend>
              <div class="mt-1 flex flex-wrap gap-3">
                {INTENTS.map((i) => (
                  <label key={i} class="flex items-center gap-1">
                    <input
                      type="checkbox"
                      data-testid="kq-tpl-intent"
                      value={i}
                      checked={draft.intents.includes(i)}
                      onChange={() => edit({ intents: toggle(draft.intents, i) })}
                    />
                    {t(locale, `replies.intent.${i}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            {!draft.shared && (
              <label class="block text-sm">
                {t(locale, 'tpl.field-shortcut')}
                <span class="mt-1 flex items-center gap-1">
                  <span aria-hidden="true">/</span>
                  <input
                    data-testid="kq-tpl-shortcut"
                    maxLength={20}
                    class="block w-40 rounded-md border border-slate-300 px-2 py-1"
                    value={draft.shortcut}
                    onInput={(e) => edit({ shortcut: e.currentTarget.value.trim().toLowerCase() })}
                  />
                </span>
              </label>
            )}
          </fieldset>
          <div
            data-testid="kq-tpl-preview"
            aria-live="polite"
            class="rounded-md bg-slate-50 p-2 text-sm"
          >
            <p class="text-xs text-slate-600">
              {preview?.customerName
                ? t(locale, 'tpl.preview', { name: preview.customerName })
                : t(locale, 'tpl.preview-default')}
            </p>
            <p data-testid="kq-tpl-preview-text" class="whitespace-pre-wrap">
              {preview?.text ?? ''}
            </p>
            {preview && preview.missing.length > 0 && (
              <p class="text-xs text-amber-800">
                {t(locale, 'tpl.preview-missing', {
                  list: preview.missing.map((v) => `{${v}}`).join(', '),
                })}
              </p>
            )}
          </div>
          {shown.length > 0 && (
            <ul data-testid="kq-tpl-error" role="alert" class="space-y-1 text-sm text-rose-800">
              {shown.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
          <div class="flex items-center gap-2" hidden={draft.shared && !canEditShared}>
            <button
              type="submit"
              data-testid="kq-tpl-save"
              disabled={issues.length > 0}
              class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
            >
              {t(locale, 'tpl.save')}
            </button>
            {draft.id && (
              <button
                type="button"
                data-testid="kq-tpl-delete"
                class="rounded-md px-3 py-1 text-sm text-rose-800 hover:bg-rose-50"
                onClick={() => void remove()}
              >
                {t(locale, 'tpl.delete')}
              </button>
            )}
            {saved && (
              <span role="status" class="text-sm text-emerald-800">
                {t(locale, 'tpl.saved')}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** Shop name, agent name and "/" shortcuts; each saved when the field is left. */
function ReplySettingsForm(props: { locale: Locale }) {
  const { locale } = props;
  const [settings, setSettings] = useState<ReplySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void sendMessage('getReplySettings', undefined).then(setSettings);
  }, []);
  if (!settings) return null;

  const save = async (patch: Partial<ReplySettings>) => {
    const r = await sendMessage('saveReplySettings', patch);
    if (!r.ok) return setError(t(locale, 'tpl.settings-failed', { reason: r.error }));
    setError(null);
    setSettings(r.settings);
  };

  return (
    <div class="space-y-2">
      <div class="flex flex-wrap gap-3">
        <label class="block text-sm">
          {t(locale, 'tpl.shop-name')}
          <input
            data-testid="kq-tpl-shop-name"
            maxLength={80}
            class="mt-1 block rounded-md border border-slate-300 px-2 py-1"
            defaultValue={settings.shopName}
            onChange={(e) => void save({ shopName: e.currentTarget.value })}
          />
        </label>
        <label class="block text-sm">
          {t(locale, 'tpl.agent-name')}
          <input
            data-testid="kq-tpl-agent-name"
            maxLength={80}
            class="mt-1 block rounded-md border border-slate-300 px-2 py-1"
            defaultValue={settings.agentName}
            onChange={(e) => void save({ agentName: e.currentTarget.value })}
          />
        </label>
      </div>
      <label class="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          data-testid="kq-tpl-slash"
          checked={settings.slashShortcuts}
          onChange={(e) => void save({ slashShortcuts: e.currentTarget.checked })}
        />
        {t(locale, 'tpl.slash')}
      </label>
      {error && (
        <p role="alert" class="text-sm text-rose-800">
          {error}
        </p>
      )}
    </div>
  );
}
