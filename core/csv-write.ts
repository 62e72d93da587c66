// A tiny RFC 4180 CSV writer for downloads (dashboard tables, customers). A field is quoted
// when it holds a comma, a quote, a line break or leading/trailing space, quotes doubled.
// Lines end in CRLF; a leading BOM lets Excel read Vietnamese text as UTF-8.

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
// Spreadsheet apps run a cell starting with these as a formula: customer data must not.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A whole document: header row then rows, with a UTF-8 BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${csvLine(header)}${rows.map(csvLine).join('')}`;
}
