// The options page: link this browser to a team server (or not), and keep the label catalog.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import type { CatalogLabel, SyncOverview } from '@/core/protocol';
import { sendMessage } from '@/utils/messaging';
import { BackupSection } from './BackupSection';
import { CareRulesSection } from './CareRulesSection';
import { Dashboard } from './Dashboard';
import { ImportPanel } from './ImportPanel';
import { LanguagePicker } from './LanguagePicker';
import { MembersSection } from './MembersSection';
import { PipelineBoard } from './PipelineBoard';
import { RecognitionSection } from './RecognitionSection';
import { SyncLine } from './SyncLine';
import { TemplateEditor } from './TemplateEditor';

const REFRESH_MS = 2000;

export function Options(props: { locale?: Locale; onLocale?: (locale: Locale) => void }) {
  const locale = props.locale ?? 'vi';
  const [overview, setOverview] = useState<SyncOverview | null>(null);
  const [labels, setLabels] = useState<CatalogLabel[]>([]);

  const refresh = useCallback(async () => {
    const [o, l] = await Promise.all([
      sendMessage('syncOverview', undefined),
      sendMessage('listLabels', { counts: true }),
    ]);
    setOverview(o);
    setLabels(l);
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const role = overview?.connection?.me.role;
  const canEditLabels = overview !== null && (!overview.connection || role !== 'agent');

  return (
    <main class="mx-auto max-w-2xl space-y-6 p-6 font-sans text-slate-900">
      <header class="flex flex-wrap items-center justify-between gap-2">
        <h1 class="text-xl font-bold">{t(locale, 'options.title')}</h1>
        {props.onLocale && <LanguagePicker locale={locale} onChange={props.onLocale} />}
      </header>
      <Dashboard locale={locale} />
      <ServerSection locale={locale} overview={overview} onChange={refresh} />
      {overview?.connection && (
        <MembersSection
          locale={locale}
          myRole={overview.connection.me.role}
          myName={overview.connection.me.name}
        />
      )}
      <LabelsSection locale={locale} labels={labels} editable={canEditLabels} onChange={refresh} />
      <RecognitionSection locale={locale} editable={canEditLabels} />
      <CareRulesSection locale={locale} editable={canEditLabels} />
      <PipelineBoard locale={locale} labels={labels} editable={canEditLabels} />
      <TemplateEditor
        locale={locale}
        {...(overview?.connection ? { team: { canEditShared: role !== 'agent' } } : {})}
      />
      <BackupSection locale={locale} />
      <ImportPanel locale={locale} />
    </main>
  );
}

function ServerSection(props: {
  locale: Locale;
  overview: SyncOverview | null;
  onChange: () => Promise<void>;
}) {
  const { locale, overview } = props;
  const [url, setUrl] = useState('http://localhost:8787');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const conn = overview?.connection;

  const connect = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await sendMessage('syncConnect', { url: url.trim(), token: token.trim() });
    setBusy(false);
    if (!r.ok) return setError(t(locale, 'options.failed', { reason: r.error }));
    setToken('');
    await props.onChange();
  };

  return (
    <section class="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 class="text-base font-semibold">{t(locale, 'options.server')}</h2>
      <p class="text-sm text-slate-600">{t(locale, 'options.server-help')}</p>
      {conn ? (
        <div class="space-y-2" data-testid="kq-opt-connected">
          <p class="text-sm">{t(locale, 'options.connected', { url: conn.url })}</p>
          <p data-testid="kq-opt-me" class="text-sm font-medium">
            {t(locale, 'options.me', {
              name: conn.me.name,
              role: t(locale, `role.${conn.me.role}`),
              team: conn.me.teamName,
            })}
          </p>
          {overview && <SyncLine status={overview.status} locale={locale} />}
          <button
            type="button"
            data-testid="kq-opt-disconnect"
            class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
            onClick={async () => {
              await sendMessage('syncDisconnect', undefined);
              await props.onChange();
            }}
          >
            {t(locale, 'options.disconnect')}
          </button>
        </div>
      ) : (
        <form class="space-y-2" onSubmit={connect}>
          <label class="block text-sm">
            {t(locale, 'options.url')}
            <input
              data-testid="kq-opt-url"
              type="url"
              required
              class="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          </label>
          <label class="block text-sm">
            {t(locale, 'options.token')}
            <input
              data-testid="kq-opt-token"
              type="password"
              required
              autocomplete="off"
              class="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </label>
          <button
            type="submit"
            data-testid="kq-opt-connect"
            disabled={busy}
            class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          >
            {t(locale, busy ? 'options.connecting' : 'options.connect')}
          </button>
          {overview && <SyncLine status={overview.status} locale={locale} />}
        </form>
      )}
      {error && (
        <p data-testid="kq-opt-error" role="alert" class="text-sm text-rose-800">
          {error}
        </p>
      )}
    </section>
  );
}

/** The catalog's ids with the label at `i` moved one place up (-1) or down (+1). */
function moved(labels: CatalogLabel[], i: number, by: -1 | 1): string[] {
  const ids = labels.map((l) => l.id);
  const j = i + by;
  [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  return ids;
}

function LabelsSection(props: {
  locale: Locale;
  labels: CatalogLabel[];
  editable: boolean;
  onChange: () => Promise<void>;
}) {
  const { locale, labels, editable } = props;
  const [name, setName] = useState('');
  const [color, setColor] = useState('#0ea5e9');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(0);

  const edit = async (data: Parameters<typeof sendMessage<'editLabel'>>[1]) => {
    setBusy((n) => n + 1);
    const r = await sendMessage('editLabel', data).finally(() => setBusy((n) => n - 1));
    setError(r.ok ? null : t(locale, 'options.label-failed', { reason: r.error }));
    await props.onChange();
    return r.ok;
  };

  return (
    <section
      data-testid="kq-opt-labels"
      aria-busy={busy > 0}
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 class="text-base font-semibold">{t(locale, 'options.labels')}</h2>
      {!editable && <p class="text-sm text-slate-600">{t(locale, 'options.labels-readonly')}</p>}
      <ul class="space-y-1">
        {labels.map((l, i) => (
          // Uncontrolled inputs, remounted when the catalog changes: the periodic refresh
          // must not overwrite what the manager is typing.
          <li
            key={`${l.id}|${l.name}|${l.color}`}
            data-testid="kq-opt-label"
            data-label-id={l.id}
            class="flex items-center gap-2"
          >
            <input
              type="color"
              aria-label={t(locale, 'options.label-color')}
              disabled={!editable}
              defaultValue={l.color}
              onChange={(e) =>
                void edit({ action: 'recolor', id: l.id, color: e.currentTarget.value })
              }
            />
            <input
              data-testid="kq-opt-label-name"
              aria-label={t(locale, 'options.label-name')}
              disabled={!editable}
              class="flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
              defaultValue={l.name}
              onChange={(e) => {
                const next = e.currentTarget.value.trim();
                if (next && next !== l.name) void edit({ action: 'rename', id: l.id, name: next });
              }}
            />
            <span data-testid="kq-opt-label-count" class="w-20 text-right text-xs text-slate-600">
              {t(locale, 'options.label-count', { count: l.customers ?? 0 })}
            </span>
            {editable && (
              <>
                <button
                  type="button"
                  data-testid="kq-opt-label-up"
                  disabled={i === 0}
                  aria-label={t(locale, 'options.label-up', { name: l.name })}
                  class="rounded-md px-1.5 py-1 text-xs text-slate-600 hover:bg-slate-100 disabled:opacity-40"
                  onClick={() => void edit({ action: 'reorder', ids: moved(labels, i, -1) })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  data-testid="kq-opt-label-down"
                  disabled={i === labels.length - 1}
                  aria-label={t(locale, 'options.label-down', { name: l.name })}
                  class="rounded-md px-1.5 py-1 text-xs text-slate-600 hover:bg-slate-100 disabled:opacity-40"
                  onClick={() => void edit({ action: 'reorder', ids: moved(labels, i, 1) })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="rounded-md px-2 py-1 text-xs text-slate-600 hover:bg-slate-100"
                  onClick={() => void edit({ action: 'archive', id: l.id })}
                >
                  {t(locale, 'options.label-archive')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form
          class="flex items-center gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await edit({ action: 'create', name: name.trim(), color })) setName('');
          }}
        >
          <input
            type="color"
            aria-label={t(locale, 'options.label-color')}
            value={color}
            onInput={(e) => setColor(e.currentTarget.value)}
          />
          <input
            data-testid="kq-opt-new-label"
            required
            maxLength={50}
            placeholder={t(locale, 'options.label-name')}
            class="flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button
            type="submit"
            data-testid="kq-opt-label-add"
            class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800"
          >
            {t(locale, 'options.label-add')}
          </button>
        </form>
      )}
      {error && (
        <p data-testid="kq-opt-label-error" role="alert" class="text-sm text-rose-800">
          {error}
        </p>
      )}
    </section>
  );
}
