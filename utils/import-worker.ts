// The options page's import worker: reads the file, plans the import and writes it batch
// by batch into the extension's database (extension pages and their workers share it
// with the background). Everything heavy happens here, so the page never blocks.
import { type ColumnMapping, detectHeader, HEADER_SCAN_ROWS } from '@/core/import/headers';
import type { FromImportWorker, ImportPreview, ToImportWorker } from '@/core/import/messages';
import { type ImportPlan, ImportPlanner } from '@/core/import/plan';
import { rejectedCsv } from '@/core/import/report';
import type { Cell } from '@/core/import/values';
import { KqDb } from '@/storage/db';
import {
  afterImport,
  endImportJob,
  importBatches,
  knownKeys,
  resumeImportJob,
  startImportJob,
  undoImport,
  unfinishedImport,
  writeImportBatch,
} from '@/storage/import';
import { csvRows, csvTopRows, type OpenedFile, openFile } from './import-read';

const PREVIEW_ROWS = HEADER_SCAN_ROWS + 10;
/** Skipped rows sent to the page to show; a file of 100k bad rows must not block it. */
const SHOWN_REJECTS = 200;

let db: KqDb | undefined;
let file: File | undefined;
let opened: OpenedFile | undefined;
let cancelled = false;

const post = (m: FromImportWorker) => postMessage(m);
const database = () => {
  db ??= new KqDb();
  return db;
};

/** Every data row below the header, fed to the planner, reading progress told. */
function plan(headerRow: number, mapping: ColumnMapping): ImportPlan {
  const planner = new ImportPlanner(mapping);
  let index = 0;
  const feed = (rows: Cell[][]) => {
    for (const row of rows) {
      if (index > headerRow) planner.add(row, index + 1);
      index += 1;
    }
  };
  if (opened?.sheet) {
    feed(opened.sheet);
  } else if (opened?.text !== undefined) {
    const total = opened.text.length;
    let last = 0;
    csvRows(opened.text, opened.delimiter ?? ',', (rows, cursor) => {
      feed(rows);
      if (cursor - last > total / 50) {
        last = cursor;
        post({ type: 'progress', phase: 'read', done: cursor, total });
      }
    });
  }
  return planner.plan;
}

async function start(msg: Extract<ToImportWorker, { type: 'start' }>): Promise<void> {
  if (!file || !opened) throw new Error('no file');
  const began = performance.now();
  cancelled = false;
  const p = plan(msg.headerRow, msg.mapping);
  const planned = performance.now();
  const batches = importBatches(p);
  const d = database();
  const job = msg.resumeJobId
    ? await resumeImportJob(d, msg.resumeJobId)
    : await startImportJob(d, file, p, batches.length);
  if (job.totalBatches !== batches.length || job.fileSize !== file.size)
    throw Object.assign(new Error('not the same file'), { jobId: job.id });
  const totalRows = p.accepted;
  const known = await knownKeys(d);
  let done = batches.slice(0, job.batchesDone).reduce((s, b) => s + rowsOf(b), 0);
  try {
    for (let i = job.batchesDone; i < batches.length; i++) {
      // A cancel arrives between batches (each await lets the message in).
      if (cancelled) {
        await endImportJob(d, job.id, 'cancelled');
        post({ type: 'cancelled', jobId: job.id, batchesDone: i, totalBatches: batches.length });
        return;
      }
      await writeImportBatch(d, job.id, i, batches[i]!, Date.now(), known);
      done += rowsOf(batches[i]!);
      post({ type: 'progress', phase: 'write', done, total: totalRows });
    }
    await endImportJob(d, job.id, 'done');
  } catch (e) {
    await endImportJob(d, job.id, 'failed', String(e)).catch(() => undefined);
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { jobId: job.id });
  }
  const written = performance.now();
  await afterImport(d);
  post({
    type: 'done',
    summary: {
      jobId: job.id,
      rows: p.rows,
      accepted: p.accepted,
      rejectedCount: p.rejected.length,
      rejected: p.rejected.slice(0, SHOWN_REJECTS),
      report: p.rejected.length
        ? new Blob([rejectedCsv(msg.locale, p.rejected)], { type: 'text/csv;charset=utf-8' })
        : null,
      fileCustomers: p.customers.length,
      orders: p.orders,
      customers: await d.customers.count(),
      ms: Math.round(performance.now() - began),
      phases: {
        plan: Math.round(planned - began),
        write: Math.round(written - planned),
        rfm: Math.round(performance.now() - written),
      },
    },
  });
}

const rowsOf = (batch: { rows: number }[]) => batch.reduce((s, c) => s + c.rows, 0);

async function open(f: File): Promise<void> {
  file = f;
  opened = await openFile(f);
  const rows = opened.sheet
    ? opened.sheet.slice(0, PREVIEW_ROWS)
    : csvTopRows(opened.text ?? '', opened.delimiter ?? ',', PREVIEW_ROWS);
  const found = detectHeader(rows);
  const width = Math.max(0, ...rows.map((r) => r.length));
  const preview: ImportPreview = {
    fileName: f.name,
    format: opened.format,
    ...(opened.encoding ? { encoding: opened.encoding } : {}),
    ...(opened.delimiter ? { delimiter: opened.delimiter } : {}),
    rows,
    headerRow: found?.row ?? -1,
    mapping: found?.mapping ?? Array.from({ length: width }, () => null),
  };
  post({ type: 'preview', preview });
}

addEventListener('message', (e: MessageEvent<ToImportWorker>) => {
  const msg = e.data;
  const fail = (err: unknown) =>
    post({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      ...((err as { jobId?: string })?.jobId ? { jobId: (err as { jobId: string }).jobId } : {}),
    });
  switch (msg.type) {
    case 'open':
      open(msg.file).catch(fail);
      break;
    case 'start':
      start(msg).catch(fail);
      break;
    case 'cancel':
      cancelled = true;
      break;
    case 'status':
      unfinishedImport(database())
        .then((j) =>
          post({
            type: 'unfinished',
            job: j
              ? {
                  jobId: j.id,
                  fileName: j.fileName,
                  fileSize: j.fileSize,
                  batchesDone: j.batchesDone,
                  totalBatches: j.totalBatches,
                }
              : null,
          }),
        )
        .catch(fail);
      break;
    case 'undo':
      undoImport(database(), msg.jobId)
        .then(async () =>
          post({ type: 'undone', jobId: msg.jobId, customers: await database().customers.count() }),
        )
        .catch(fail);
      break;
  }
});
