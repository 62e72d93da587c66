// Reading an export in the import worker: bytes → text in the right encoding → rows with
// Papa Parse, chunk by chunk; .xlsx through read-excel-file's worker-safe entry.
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/web-worker';
import { sniffDelimiter, sniffEncoding } from '@/core/import/encoding';
import type { ImportFormat } from '@/core/import/messages';
import type { Cell } from '@/core/import/values';

export interface OpenedFile {
  format: ImportFormat;
  encoding?: string;
  delimiter?: string;
  /** CSV text (decoded, NFC) or the xlsx sheet's rows. */
  text?: string;
  sheet?: Cell[][];
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export async function openFile(file: Blob): Promise<OpenedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isZip(bytes)) {
    const sheet = (await readSheet(bytes.buffer)) as unknown as Cell[][];
    return { format: 'xlsx', sheet };
  }
  return { format: 'csv', ...decodeCsv(bytes) };
}

/** Text and separator of a delimited file, whatever its encoding. */
export function decodeCsv(bytes: Uint8Array): {
  text: string;
  encoding: string;
  delimiter: string;
} {
  const encoding = sniffEncoding(bytes);
  // Windows-1258 writes tones as combining marks; NFC makes "ệ" one character again.
  const text = new TextDecoder(encoding).decode(bytes).normalize('NFC');
  return { text, encoding, delimiter: sniffDelimiter(text.slice(0, 65_536)) };
}

/** The first `n` rows of a CSV text. */
export function csvTopRows(text: string, delimiter: string, n: number): Cell[][] {
  return Papa.parse<string[]>(text, { delimiter, preview: n }).data;
}

/**
 * Every row, a chunk at a time (so the planner sees rows as they come and progress can
 * be told), with the text position reached.
 */
export function csvRows(
  text: string,
  delimiter: string,
  onRows: (rows: string[][], cursor: number) => void,
): void {
  // Papa streams a string in chunks too (its StringStreamer); the typings only allow
  // `chunk` for files.
  const parseChunked = Papa.parse as unknown as (
    input: string,
    config: Papa.ParseConfig<string[]> & {
      chunkSize: number;
      chunk: (r: Papa.ParseResult<string[]>) => void;
    },
  ) => void;
  parseChunked(text, {
    delimiter,
    chunkSize: 512 * 1024,
    chunk: (r) => onRows(r.data, r.meta.cursor),
  });
}
