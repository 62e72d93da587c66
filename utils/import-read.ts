// Reading an export in the import worker: bytes → text in the right encoding → rows with
// Papa Parse, chunk by chunk; .xlsx through read-excel-file's worker-safe entry.
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/web-worker';
import { csvPieces, normalizeLineEndings } from '@/core/import/csv-text';
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
  // Windows-1258 writes tones as combining marks; NFC makes "ệ" one character again. One
  // line ending for the whole text: a CRLF file with a few bare-LF lines lost those rows.
  // NUL bytes (a stray one in a UTF-8 export) are dropped: they split a phone number so it
  // was refused, and in a name they reached the team server, which refuses NUL.
  const text = normalizeLineEndings(
    new TextDecoder(encoding).decode(bytes).normalize('NFC').replaceAll('\u0000', ''),
  );
  return { text, encoding, delimiter: sniffDelimiter(text.slice(0, 65_536)) };
}

/** The first `n` rows of a CSV text. */
export function csvTopRows(text: string, delimiter: string, n: number): Cell[][] {
  const rows: Cell[][] = [];
  for (const piece of csvPieces(text, delimiter)) {
    if (rows.length >= n) break;
    if (piece.kind === 'literal') rows.push(piece.text.split(delimiter));
    else
      rows.push(...Papa.parse<string[]>(piece.text, { delimiter, preview: n - rows.length }).data);
  }
  return rows;
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
  // A line whose quote never closes is read as it is written (quotes kept), and parsing
  // resumes after it: the quoted field no longer runs to the end of the file.
  let start = 0;
  for (const piece of csvPieces(text, delimiter)) {
    const base = start;
    if (piece.kind === 'literal') onRows([piece.text.split(delimiter)], piece.end);
    else
      parseChunked(piece.text, {
        delimiter,
        chunkSize: 512 * 1024,
        chunk: (r) => onRows(r.data, base + r.meta.cursor),
      });
    start = piece.end;
  }
}
