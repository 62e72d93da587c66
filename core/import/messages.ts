// What the options page and its import worker say to each other (postMessage). The worker
// reads and parses the file and writes the batches, so the page only renders.
import type { Locale } from '../i18n';
import type { ColumnMapping } from './headers';
import type { RejectedRow } from './plan';
import type { Cell } from './values';

export type ImportFormat = 'csv' | 'xlsx';

export type ToImportWorker =
  /** Read the file's top rows and guess its layout. */
  | { type: 'open'; file: File }
  /** Plan and write it (a resume passes the unfinished job). */
  | {
      type: 'start';
      headerRow: number;
      mapping: ColumnMapping;
      /** The report's language. */
      locale: Locale;
      resumeJobId?: string;
    }
  /** Stop after the batch being written: what is committed stays, undo or resume later. */
  | { type: 'cancel' }
  | { type: 'undo'; jobId: string }
  /** Is an earlier import unfinished? */
  | { type: 'status' };

/** An import stopped part-way, as the page needs it. */
export interface UnfinishedImport {
  jobId: string;
  fileName: string;
  fileSize: number;
  batchesDone: number;
  totalBatches: number;
}

export interface ImportPreview {
  fileName: string;
  format: ImportFormat;
  /** Text files only: how the bytes were read. */
  encoding?: string;
  delimiter?: string;
  /** Top rows as read (title rows included), for the preview and the mapping screen. */
  rows: Cell[][];
  /** Index of the detected header row in `rows`, or -1 when none was found. */
  headerRow: number;
  mapping: ColumnMapping;
}

export interface ImportSummary {
  jobId: string;
  rows: number;
  accepted: number;
  rejectedCount: number;
  /** The first skipped rows, to show; all of them are in `report`. */
  rejected: RejectedRow[];
  /** Every skipped row as CSV (a Blob crosses to the page without copying the rows). */
  report: Blob | null;
  /** Customers and orders in the file (after merging within it). */
  fileCustomers: number;
  orders: number;
  /** Customers in the database after the import. */
  customers: number;
  ms: number;
  /** Where the time went: read + plan, batched writes, RFM cuts (ms). */
  phases: { plan: number; write: number; rfm: number };
}

export type FromImportWorker =
  | { type: 'preview'; preview: ImportPreview }
  | { type: 'progress'; phase: 'read' | 'write'; done: number; total: number }
  | { type: 'done'; summary: ImportSummary }
  /** Stopped by the user: `batchesDone` of `totalBatches` committed; undo or resume. */
  | { type: 'cancelled'; jobId: string; batchesDone: number; totalBatches: number }
  | { type: 'undone'; jobId: string; customers: number }
  | { type: 'unfinished'; job: UnfinishedImport | null }
  | { type: 'error'; message: string; jobId?: string };
