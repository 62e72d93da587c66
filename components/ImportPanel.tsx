// The options page's import: choose a file, check the detected columns (map any the
// headers did not name), import with progress, and read what was skipped and why. The
// worker (utils/import-worker.ts) reads, plans and writes; this page only renders.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import {
  type ColumnMapping,
  IMPORT_FIELDS,
  type ImportField,
  mapHeaders,
} from '@/core/import/headers';
import type {
  FromImportWorker,
  ImportPreview,
  ImportSummary,
  ToImportWorker,
  UnfinishedImport,
} from '@/core/import/messages';
import { rejectedText } from '@/core/import/report';
import { cellText } from '@/core/import/values';
import { sendMessage } from '@/utils/messaging';

type Step =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'preview'; preview: ImportPreview; headerRow: number; mapping: ColumnMapping }
  | { kind: 'running'; phase: 'read' | 'write'; done: number; total: number; startedAt: number }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'cancelled'; jobId: string; done: number; total: number }
  | { kind: 'failed'; reason: string; jobId?: string }
  | { kind: 'undone'; customers: number };

export function ImportPanel(props: { locale: Locale }) {
  const { locale } = props;
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [unfinished, setUnfinished] = useState<UnfinishedImport | null>(null);
  const worker = useRef<Worker | null>(null);
  const fileRef = useRef<File | null>(null);

  useEffect(() => {
    const w = new Worker(new URL('../utils/import-worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<FromImportWorker>) => {
      const m = e.data;
      switch (m.type) {
        case 'unfinished':
          return setUnfinished(m.job);
        case 'preview':
          return setStep({
            kind: 'preview',
            preview: m.preview,
            headerRow: m.preview.headerRow,
            mapping: m.preview.mapping,
          });
        case 'progress':
          return setStep((s) =>
            s.kind === 'running'
              ? {
                  ...s,
                  phase: m.phase,
                  done: m.done,
                  total: m.total,
                  // Rate and time left count from the first write.
                  startedAt:
                    s.phase === 'read' && m.phase === 'write' ? performance.now() : s.startedAt,
                }
              : s,
          );
        case 'done':
          setUnfinished(null);
          void sendMessage('importFinished', { jobId: m.summary.jobId });
          return setStep({ kind: 'done', summary: m.summary });
        case 'cancelled':
          void sendMessage('importFinished', { jobId: m.jobId });
          // What was saved can now be undone or resumed: ask for the unfinished job again.
          post(w, { type: 'status' });
          return setStep({
            kind: 'cancelled',
            jobId: m.jobId,
            done: m.batchesDone,
            total: m.totalBatches,
          });
        case 'undone':
          setUnfinished(null);
          void sendMessage('importFinished', { jobId: m.jobId });
          return setStep({ kind: 'undone', customers: m.customers });
        case 'error':
          if (m.jobId) {
            void sendMessage('importFinished', { jobId: m.jobId });
            post(w, { type: 'status' });
          }
          return setStep({
            kind: 'failed',
            reason: m.message,
            ...(m.jobId ? { jobId: m.jobId } : {}),
          });
      }
    };
    post(w, { type: 'status' });
    return () => w.terminate();
  }, []);

  const send = (m: ToImportWorker) => worker.current && post(worker.current, m);
  const choose = (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    fileRef.current = file;
    setStep({ kind: 'reading' });
    send({ type: 'open', file });
  };
  const start = (resumeJobId?: string) => {
    if (step.kind !== 'preview') return;
    setStep({ kind: 'running', phase: 'read', done: 0, total: 1, startedAt: performance.now() });
    send({
      type: 'start',
      headerRow: step.headerRow,
      mapping: step.mapping,
      locale,
      ...(resumeJobId ? { resumeJobId } : {}),
    });
  };
  const undo = (jobId: string) => {
    setStep({ kind: 'reading' });
    send({ type: 'undo', jobId });
  };
  const sameFile =
    unfinished !== null &&
    fileRef.current !== null &&
    fileRef.current.name === unfinished.fileName &&
    fileRef.current.size === unfinished.fileSize;

  return (
    <section
      data-testid="kq-import"
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 class="text-base font-semibold">{t(locale, 'import.title')}</h2>
      <p class="text-sm text-slate-600">{t(locale, 'import.help')}</p>
      {unfinished && step.kind !== 'running' && step.kind !== 'cancelled' && (
        <div
          data-testid="kq-import-unfinished"
          class="space-y-2 rounded-md bg-amber-50 p-2 text-sm"
        >
          <p>
            {t(locale, 'import.unfinished', {
              file: unfinished.fileName,
              done: unfinished.batchesDone,
              total: unfinished.totalBatches,
            })}
          </p>
          <UndoButton locale={locale} onClick={() => undo(unfinished.jobId)} />
        </div>
      )}
      {step.kind !== 'running' && (
        <label class="block text-sm">
          <span class="mr-2 font-medium">{t(locale, 'import.choose')}</span>
          <input
            data-testid="kq-import-file"
            type="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv"
            onChange={choose}
          />
        </label>
      )}
      {step.kind === 'reading' && <p class="text-sm">{t(locale, 'import.reading')}</p>}
      {step.kind === 'preview' && (
        <PreviewStep
          locale={locale}
          step={step}
          onChange={(headerRow, mapping) => setStep({ ...step, headerRow, mapping })}
          onStart={() => start()}
          {...(sameFile ? { onResume: () => start(unfinished.jobId) } : {})}
        />
      )}
      {step.kind === 'running' && (
        <Progress locale={locale} step={step} onCancel={() => send({ type: 'cancel' })} />
      )}
      {step.kind === 'done' && <Summary locale={locale} summary={step.summary} />}
      {step.kind === 'cancelled' && (
        <div data-testid="kq-import-cancelled" class="space-y-2 text-sm">
          <p>{t(locale, 'import.cancelled', { done: step.done, total: step.total })}</p>
          {step.done > 0 && <UndoButton locale={locale} onClick={() => undo(step.jobId)} />}
        </div>
      )}
      {step.kind === 'failed' && (
        <div data-testid="kq-import-error" class="space-y-2 text-sm text-red-700">
          <p>
            {t(locale, step.jobId ? 'import.failed-partial' : 'import.failed', {
              reason: step.reason,
            })}
          </p>
          {step.jobId && <UndoButton locale={locale} onClick={() => undo(step.jobId!)} />}
        </div>
      )}
      {step.kind === 'undone' && (
        <p data-testid="kq-import-undone" class="text-sm">
          {t(locale, 'import.undone', { customers: step.customers })}
        </p>
      )}
    </section>
  );
}

const post = (w: Worker, m: ToImportWorker) => w.postMessage(m);

function UndoButton(props: { locale: Locale; onClick: () => void }) {
  return (
    <button
      type="button"
      data-testid="kq-import-undo"
      class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
      onClick={props.onClick}
    >
      {t(props.locale, 'import.undo')}
    </button>
  );
}

function PreviewStep(props: {
  locale: Locale;
  step: Extract<Step, { kind: 'preview' }>;
  onChange: (headerRow: number, mapping: ColumnMapping) => void;
  onStart: () => void;
  onResume?: () => void;
}) {
  const { locale, step } = props;
  const { preview, headerRow, mapping } = step;
  const header = headerRow >= 0 ? (preview.rows[headerRow] ?? []) : [];
  const sample = preview.rows.slice(headerRow + 1, headerRow + 9);
  const width = Math.max(mapping.length, ...preview.rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => i);
  const canStart = mapping.includes('phone') || mapping.includes('email');
  return (
    <div data-testid="kq-import-preview" class="space-y-3">
      <p class="text-sm">
        {headerRow >= 0
          ? t(locale, 'import.detected', {
              format: preview.format.toUpperCase(),
              encoding: preview.encoding ? ` · ${preview.encoding}` : '',
              row: headerRow + 1,
            })
          : t(locale, 'import.no-header')}
      </p>
      <label class="block text-sm">
        <span class="mr-2">{t(locale, 'import.header-row')}</span>
        <select
          data-testid="kq-import-header-row"
          value={String(headerRow)}
          onChange={(e) => {
            const row = Number(e.currentTarget.value);
            props.onChange(row, mapHeaders(preview.rows[row] ?? []));
          }}
        >
          {headerRow < 0 && <option value="-1">—</option>}
          {preview.rows.slice(0, 30).map((r, i) => (
            <option key={i} value={String(i)}>
              {`${i + 1}: ${r.map(cellText).filter(Boolean).join(' | ').slice(0, 60)}`}
            </option>
          ))}
        </select>
      </label>
      <div class="max-h-80 overflow-auto">
        <table class="text-xs">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} class="border-b border-slate-200 p-1 text-left align-top">
                  <div class="font-medium">{cellText(header[c])}</div>
                  <select
                    data-testid="kq-import-map"
                    data-column={c}
                    aria-label={t(locale, 'import.mapping')}
                    value={mapping[c] ?? ''}
                    onChange={(e) => {
                      const next = [...mapping];
                      while (next.length < width) next.push(null);
                      const field = (e.currentTarget.value || null) as ImportField | null;
                      // One column per field: taking a field frees it elsewhere.
                      for (let i = 0; i < next.length; i++)
                        if (field && next[i] === field) next[i] = null;
                      next[c] = field;
                      props.onChange(headerRow, next);
                    }}
                  >
                    <option value="">{t(locale, 'import.skip')}</option>
                    {IMPORT_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {t(locale, `import.field.${f}`)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sample.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c} class="border-b border-slate-100 p-1 whitespace-nowrap">
                    {cellText(r[c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!canStart && <p class="text-sm text-red-700">{t(locale, 'import.need-contact')}</p>}
      <div class="flex gap-2">
        <button
          type="button"
          data-testid="kq-import-start"
          disabled={!canStart}
          class="rounded-md bg-sky-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          onClick={props.onStart}
        >
          {t(locale, 'import.start')}
        </button>
        {props.onResume && (
          <button
            type="button"
            data-testid="kq-import-resume"
            disabled={!canStart}
            class="rounded-md border border-slate-300 px-3 py-1 text-sm"
            onClick={props.onResume}
          >
            {t(locale, 'import.resume')}
          </button>
        )}
      </div>
    </div>
  );
}

function Progress(props: {
  locale: Locale;
  step: Extract<Step, { kind: 'running' }>;
  onCancel: () => void;
}) {
  const { locale, step } = props;
  const share = step.total > 0 ? step.done / step.total : 0;
  const seconds = (performance.now() - step.startedAt) / 1000;
  const rate = seconds > 0 ? Math.round(step.done / seconds) : 0;
  const left = rate > 0 ? Math.ceil((step.total - step.done) / rate) : 0;
  return (
    <div data-testid="kq-import-progress" class="space-y-2 text-sm">
      <progress class="w-full" max={1} value={step.phase === 'write' ? share : undefined} />
      <p>
        {step.phase === 'read'
          ? t(locale, 'import.reading-rows')
          : t(locale, 'import.progress', { done: step.done, total: step.total, rate, left })}
      </p>
      <button
        type="button"
        data-testid="kq-import-cancel"
        class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
        onClick={props.onCancel}
      >
        {t(locale, 'import.cancel')}
      </button>
    </div>
  );
}

function Summary(props: { locale: Locale; summary: ImportSummary }) {
  const { locale, summary } = props;
  const download = () => {
    if (!summary.report) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(summary.report);
    a.download = 'khach-quen-import-errors.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  return (
    <div
      data-testid="kq-import-summary"
      data-accepted={summary.accepted}
      data-rejected={summary.rejectedCount}
      data-customers={summary.customers}
      data-orders={summary.orders}
      data-ms={summary.ms}
      data-phases={JSON.stringify(summary.phases)}
      class="space-y-2 text-sm"
    >
      <p>
        {t(locale, 'import.done', {
          accepted: summary.accepted,
          rejected: summary.rejectedCount,
          customers: summary.customers,
          orders: summary.orders,
        })}
      </p>
      {summary.rejectedCount > 0 && (
        <>
          <h3 class="font-medium">{t(locale, 'import.rejected')}</h3>
          <ul class="max-h-60 overflow-auto text-xs">
            {summary.rejected.map((r) => (
              <li
                key={r.line}
                data-testid="kq-import-rejected"
                data-line={r.line}
                data-code={r.code}
              >
                {rejectedText(locale, r)}
              </li>
            ))}
          </ul>
          {summary.rejectedCount > summary.rejected.length && (
            <p class="text-xs">
              {t(locale, 'import.rejected-more', {
                count: summary.rejectedCount - summary.rejected.length,
              })}
            </p>
          )}
          <button
            type="button"
            data-testid="kq-import-download"
            class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
            onClick={download}
          >
            {t(locale, 'import.download')}
          </button>
        </>
      )}
    </div>
  );
}
