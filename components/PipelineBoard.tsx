// The options page's pipeline (issue 9): customers by stage as columns (drag a card to
// another column, or pick the stage on the card from the keyboard), filters by label,
// channel and the agent who moved them, the period's conversion and median days in each
// stage, and the manager's stages and loyalty tiers. Each column shows its most recent
// arrivals (capped in the background) and says how many more there are.
import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import { type PipelineConfig, STAGE_SIGNALS, type Stage } from '@/core/pipeline';
import type { PipelineBoard as Board, PipelineBoardRequest } from '@/core/pipeline-board';
import type { CatalogLabel, Result } from '@/core/protocol';
import { PLATFORMS, type Platform } from '@/core/snapshot';
import { presetPeriod } from '@/core/stats';
import type { Tier, TiersConfig } from '@/core/tiers';
import { sendMessage } from '@/utils/messaging';
import { DayInput } from './DayInput';

const offset = () => -new Date().getTimezoneOffset();
const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm';
const button = 'rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100';

export function PipelineBoard(props: {
  locale: Locale;
  labels: CatalogLabel[];
  editable: boolean;
}) {
  const { locale, labels, editable } = props;
  const [period, setPeriod] = useState(() => presetPeriod('30d', Date.now(), offset()));
  const [labelId, setLabelId] = useState('');
  const [platform, setPlatform] = useState('');
  const [agent, setAgent] = useState('');
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((n) => n + 1);

  useEffect(() => {
    let live = true;
    const req: PipelineBoardRequest = {
      ...period,
      ...(labelId ? { labelId } : {}),
      ...(platform ? { platform: platform as Platform } : {}),
      ...(agent ? { agent } : {}),
    };
    void sendMessage('getPipelineBoard', req).then((r) => {
      if (!live) return;
      if (r.ok) {
        setBoard(r);
        setError(null);
      } else setError(t(locale, 'pipe.failed', { reason: r.error }));
    });
    return () => {
      live = false;
    };
  }, [period.from, period.to, labelId, platform, agent, version, locale]);

  const move = async (customerId: string, stageId: string) => {
    const r = await sendMessage('setStage', { customerId, stageId });
    if (!r.ok) setError(t(locale, 'pipe.failed', { reason: r.error }));
    reload();
  };

  const stages = board?.columns.map((c) => ({ id: c.stageId, name: c.name })) ?? [];
  return (
    <section
      data-testid="kq-opt-pipeline"
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 class="text-base font-semibold">{t(locale, 'pipe.title')}</h2>
      <p class="text-sm text-slate-600">{t(locale, 'pipe.help')}</p>
      <div class="flex flex-wrap items-end gap-2 text-sm">
        <DayInput
          label={t(locale, 'dash.from')}
          testid="kq-board-from"
          value={period.from}
          onChange={(from) => setPeriod({ ...period, from })}
        />
        <DayInput
          label={t(locale, 'dash.to')}
          testid="kq-board-to"
          value={period.to}
          onChange={(to) => setPeriod({ ...period, to })}
        />
        <Filter
          testId="kq-board-label"
          label={t(locale, 'pipe.filter-label')}
          all={t(locale, 'pipe.all')}
          value={labelId}
          onChange={setLabelId}
          options={labels.map((l) => [l.id, l.name])}
        />
        <Filter
          testId="kq-board-channel"
          label={t(locale, 'pipe.filter-channel')}
          all={t(locale, 'pipe.all')}
          value={platform}
          onChange={setPlatform}
          options={PLATFORMS.map((p) => [p, t(locale, `platform.${p}`)])}
        />
        <Filter
          testId="kq-board-agent"
          label={t(locale, 'pipe.filter-agent')}
          all={t(locale, 'pipe.all')}
          value={agent}
          onChange={setAgent}
          options={(board?.agents ?? []).map((a) => [a, a])}
        />
      </div>
      {error && (
        <p data-testid="kq-board-error" role="alert" class="text-sm text-rose-800">
          {error}
        </p>
      )}
      {board && (
        <div class="flex gap-2 overflow-x-auto pb-2">
          {board.columns.map((col) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the select on each card is the keyboard way
            <div
              key={col.stageId}
              data-testid="kq-board-col"
              data-stage={col.stageId}
              class="w-44 shrink-0 rounded-lg bg-slate-50 p-2"
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const id = e.dataTransfer?.getData('text/plain');
                if (id) void move(id, col.stageId);
              }}
            >
              <h3 class="mb-1 text-xs font-semibold text-slate-700">
                {col.name} <span data-testid="kq-board-total">({col.total})</span>
              </h3>
              {col.total === 0 && <p class="text-xs text-slate-500">{t(locale, 'pipe.empty')}</p>}
              <ul class="space-y-1">
                {col.cards.map((card) => (
                  <li
                    key={card.customerId}
                    data-testid="kq-board-card"
                    data-customer-id={card.customerId}
                    draggable
                    onDragStart={(e) => e.dataTransfer?.setData('text/plain', card.customerId)}
                    class="cursor-grab rounded-md bg-white p-1.5 text-xs shadow-sm ring-1 ring-slate-200"
                  >
                    <p class="truncate font-medium">{card.name}</p>
                    {(card.tier || card.setBy === 'agent') && (
                      <p class="text-slate-500">
                        {[card.tier, card.setBy === 'agent' ? t(locale, 'pipe.by-agent') : '']
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                    )}
                    <select
                      data-testid="kq-board-move"
                      aria-label={t(locale, 'pipe.move', { name: card.name })}
                      class="mt-1 w-full rounded border border-slate-200 text-xs"
                      value={col.stageId}
                      onChange={(e) => void move(card.customerId, e.currentTarget.value)}
                    >
                      {stages.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                        </option>
                      ))}
                    </select>
                  </li>
                ))}
              </ul>
              {col.total > col.cards.length && (
                <p data-testid="kq-board-more" class="mt-1 text-xs text-slate-500">
                  {t(locale, 'pipe.more', { count: col.total - col.cards.length })}
                </p>
              )}
            </div>
          ))}
        </div>
      )}
      {board && <StatsTable locale={locale} board={board} />}
      <StagesEditor locale={locale} editable={editable} onSaved={reload} />
      <TiersEditor locale={locale} editable={editable} onSaved={reload} />
    </section>
  );
}

function Filter(props: {
  testId: string;
  label: string;
  all: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
}) {
  return (
    <label>
      {props.label}
      <select
        data-testid={props.testId}
        class={`ml-1 ${input}`}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{props.all}</option>
        {props.options.map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function StatsTable(props: { locale: Locale; board: Board }) {
  const { locale, board } = props;
  const names = new Map(board.columns.map((c) => [c.stageId, c.name]));
  return (
    <table data-testid="kq-board-stats" class="w-full text-left text-xs">
      <caption class="mb-1 text-left text-sm font-semibold">{t(locale, 'pipe.stats')}</caption>
      <thead>
        <tr class="text-slate-600">
          <th scope="col">{t(locale, 'pipe.stage')}</th>
          <th scope="col">{t(locale, 'pipe.reached')}</th>
          <th scope="col">{t(locale, 'pipe.conversion')}</th>
          <th scope="col">{t(locale, 'pipe.median')}</th>
          <th scope="col">{t(locale, 'pipe.still')}</th>
        </tr>
      </thead>
      <tbody>
        {board.stats.map((s) => (
          <tr key={s.stageId} data-testid="kq-board-stat" data-stage={s.stageId}>
            <th scope="row" class="font-medium">
              {names.get(s.stageId)}
            </th>
            <td>{s.reached}</td>
            <td data-testid="kq-board-conversion">
              {s.conversion === undefined || s.conversion === null
                ? '–'
                : `${Math.round(s.conversion * 100)}%`}
            </td>
            <td>
              {s.medianDays === null
                ? '–'
                : t(locale, 'pipe.days', { days: Math.round(s.medianDays * 10) / 10 })}
            </td>
            <td>{s.stillHere}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A new id for a stage or tier the manager adds (ids stay put when names change). */
const newId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

function swap<T>(list: T[], i: number, j: number): T[] {
  const next = [...list];
  [next[i], next[j]] = [next[j] as T, next[i] as T];
  return next;
}

/** What the last save said: saved, or why not (the background names the field). */
function SaveLine(props: { locale: Locale; testId: string; result: Result | null }) {
  const { locale, result } = props;
  if (!result) return null;
  return (
    <p
      data-testid={props.testId}
      role={result.ok ? 'status' : 'alert'}
      class={`text-sm ${result.ok ? 'text-emerald-800' : 'text-rose-800'}`}
    >
      {result.ok
        ? t(locale, 'pipe.saved')
        : t(locale, 'pipe.save-failed', { reason: result.error })}
    </p>
  );
}

function SaveButton(props: { locale: Locale; testId: string; onSave: () => Promise<void> }) {
  return (
    <button
      type="button"
      data-testid={props.testId}
      class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800"
      onClick={() => void props.onSave()}
    >
      {t(props.locale, 'pipe.save')}
    </button>
  );
}

function StagesEditor(props: { locale: Locale; editable: boolean; onSaved: () => void }) {
  const { locale, editable } = props;
  const [stages, setStages] = useState<Stage[] | null>(null);
  const [saved, setSaved] = useState<Result | null>(null);
  useEffect(() => {
    void sendMessage('getPipelineSettings', undefined).then((s) => setStages(s.pipeline.stages));
  }, []);
  if (!stages) return null;
  const edit = (i: number, patch: Partial<Stage>) =>
    setStages(stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const save = async () => {
    const r = await sendMessage('savePipeline', { stages } satisfies PipelineConfig);
    setSaved(r);
    if (r.ok) {
      setStages(r.pipeline.stages);
      props.onSaved();
    }
  };
  return (
    <fieldset data-testid="kq-opt-stages" class="space-y-2" disabled={!editable}>
      <legend class="text-sm font-semibold">{t(locale, 'pipe.settings')}</legend>
      <ol class="space-y-1">
        {stages.map((s, i) => (
          <li key={s.id} data-testid="kq-opt-stage" class="flex flex-wrap items-center gap-1">
            <input
              data-testid="kq-opt-stage-name"
              aria-label={t(locale, 'pipe.stage-name')}
              class={`flex-1 ${input}`}
              value={s.name}
              onInput={(e) => edit(i, { name: e.currentTarget.value })}
            />
            <select
              aria-label={t(locale, 'pipe.signal')}
              class={input}
              value={s.signal ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value as Stage['signal'] | '';
                const { signal: _, ...rest } = s;
                setStages(
                  stages.map((x, j) => (j === i ? (v ? { ...rest, signal: v } : rest) : x)),
                );
              }}
            >
              <option value="">{t(locale, 'pipe.signal.none')}</option>
              {STAGE_SIGNALS.map((sig) => (
                <option key={sig} value={sig}>
                  {t(locale, `pipe.signal.${sig}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              class={button}
              disabled={i === 0}
              aria-label={`${t(locale, 'pipe.up')}: ${s.name}`}
              onClick={() => setStages(swap(stages, i, i - 1))}
            >
              ↑
            </button>
            <button
              type="button"
              class={button}
              disabled={i === stages.length - 1}
              aria-label={`${t(locale, 'pipe.down')}: ${s.name}`}
              onClick={() => setStages(swap(stages, i, i + 1))}
            >
              ↓
            </button>
            <button
              type="button"
              class={button}
              onClick={() => setStages(stages.filter((_, j) => j !== i))}
            >
              {t(locale, 'pipe.remove')}
            </button>
          </li>
        ))}
      </ol>
      <div class="flex gap-2">
        <button
          type="button"
          data-testid="kq-opt-stage-add"
          class={button}
          onClick={() => setStages([...stages, { id: newId('stage'), name: '' }])}
        >
          {t(locale, 'pipe.add-stage')}
        </button>
        <SaveButton locale={locale} testId="kq-opt-stages-save" onSave={save} />
      </div>
      <SaveLine locale={locale} testId="kq-opt-stages-status" result={saved} />
    </fieldset>
  );
}

function TiersEditor(props: { locale: Locale; editable: boolean; onSaved: () => void }) {
  const { locale, editable } = props;
  const [config, setConfig] = useState<TiersConfig | null>(null);
  const [saved, setSaved] = useState<Result | null>(null);
  useEffect(() => {
    void sendMessage('getPipelineSettings', undefined).then((s) => setConfig(s.tiers));
  }, []);
  if (!config) return null;
  const setTier = (i: number, tier: Tier) =>
    setConfig({ ...config, tiers: config.tiers.map((x, j) => (j === i ? tier : x)) });
  const save = async () => {
    const r = await sendMessage('saveTiers', config);
    setSaved(r);
    if (r.ok) {
      setConfig(r.tiers);
      props.onSaved();
    }
  };
  // An empty or unreadable number is sent as is (NaN): the background names the field.
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  return (
    <fieldset data-testid="kq-opt-tiers" class="space-y-2" disabled={!editable}>
      <legend class="text-sm font-semibold">{t(locale, 'tiers.title')}</legend>
      <p class="text-sm text-slate-600">{t(locale, 'tiers.help')}</p>
      <div class="flex flex-wrap gap-3 text-sm">
        <label>
          {t(locale, 'tiers.window')}
          <input
            data-testid="kq-opt-tiers-window"
            type="number"
            min={0}
            class={`ml-1 w-20 ${input}`}
            value={config.windowMonths}
            onInput={(e) => setConfig({ ...config, windowMonths: num(e.currentTarget.value) })}
          />
        </label>
        <label>
          {t(locale, 'tiers.match')}
          <select
            class={`ml-1 ${input}`}
            value={config.match}
            onChange={(e) =>
              setConfig({ ...config, match: e.currentTarget.value === 'any' ? 'any' : 'all' })
            }
          >
            <option value="all">{t(locale, 'tiers.match.all')}</option>
            <option value="any">{t(locale, 'tiers.match.any')}</option>
          </select>
        </label>
      </div>
      <ol class="space-y-1">
        {config.tiers.map((tier, i) => (
          <li key={tier.id} data-testid="kq-opt-tier" class="flex flex-wrap items-center gap-1">
            <input
              data-testid="kq-opt-tier-name"
              aria-label={t(locale, 'tiers.name')}
              class={`flex-1 ${input}`}
              value={tier.name}
              onInput={(e) => setTier(i, { ...tier, name: e.currentTarget.value })}
            />
            <input
              data-testid="kq-opt-tier-spend"
              type="number"
              aria-label={`${t(locale, 'tiers.min-spend')}: ${tier.name}`}
              class={`w-32 ${input}`}
              value={tier.minSpend}
              onInput={(e) => setTier(i, { ...tier, minSpend: num(e.currentTarget.value) })}
            />
            <input
              type="number"
              aria-label={`${t(locale, 'tiers.min-orders')}: ${tier.name}`}
              placeholder={t(locale, 'tiers.min-orders')}
              class={`w-28 ${input}`}
              value={tier.minOrders ?? ''}
              onInput={(e) => {
                const { minOrders: _, ...rest } = tier;
                const v = e.currentTarget.value;
                setTier(i, v.trim() === '' ? rest : { ...rest, minOrders: num(v) });
              }}
            />
            <button
              type="button"
              class={button}
              disabled={i === 0}
              onClick={() =>
                setConfig({ ...config, tiers: config.tiers.filter((_, j) => j !== i) })
              }
            >
              {t(locale, 'pipe.remove')}
            </button>
          </li>
        ))}
      </ol>
      <div class="flex gap-2">
        <button
          type="button"
          class={button}
          onClick={() =>
            setConfig({
              ...config,
              tiers: [
                ...config.tiers,
                {
                  id: newId('tier'),
                  name: '',
                  minSpend: (config.tiers.at(-1)?.minSpend ?? 0) + 1_000_000,
                },
              ],
            })
          }
        >
          {t(locale, 'tiers.add')}
        </button>
        <SaveButton locale={locale} testId="kq-opt-tiers-save" onSave={save} />
      </div>
      <SaveLine locale={locale} testId="kq-opt-tiers-status" result={saved} />
    </fieldset>
  );
}
