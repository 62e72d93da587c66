// A tiny RFC 4180 CSV writer for downloads (dashboard tables, customers, the import's
// skipped rows). A field is quoted when it holds a comma, a quote, a line break or
// leading/trailing space, quotes doubled. Lines end in CRLF; a leading BOM lets Excel read
// Vietnamese text as UTF-8.
//
// Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a
// formula (`=cmd|' /C calc'!A0`, `=HYPERLINK(…)`, `@SUM(1+1)`), so a text value that would
// start one gets a leading apostrophe, which spreadsheets read as "this is text". Where a
// cell starts is not only the start of the field: Excel with Vietnamese regional settings
// splits a .csv on `;` (the list separator there), and then our quotes no longer hold a
// field together, so a `;`, tab or line break inside a value starts a cell too (found by
// the property test: `Lan;=cmd|…` opened as two cells, the second a live formula). Spaces
// before the sign and the full-width ＝＋－＠ are neutralised as well: no customer value
// needs them, and what some spreadsheet or IME does with them is not worth finding out.
// Numbers are written as they are: an amount of -5 stays a negative number, not text. A
// Vietnamese phone is written as `0912 345 678` (storage/customers-csv.ts), never `+84…`;
// a foreign `+1…` is text and comes out as `'+1…`.

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** Characters that make a spreadsheet cell a formula when they start it. */
export const FORMULA_SIGNS = '=+-@\uff1d\uff0b\uff0d\uff20';
/** FORMULA_SIGNS as a regular-expression character class body (`-` escaped). */
export const FORMULA_SIGN_CLASS = FORMULA_SIGNS.replace('-', '\\-');
// A sign at a cell start (after optional spaces): the field's start, or after ; tab CR LF.
const FORMULA_AT_CELL_START = new RegExp(
  `(^|[;\\t\\r\\n])([ \\u00a0\\u3000]*)(?=[${FORMULA_SIGN_CLASS}])`,
  'g',
);
const CONTROL_START = /^[\t\r]/;

/** The text with an apostrophe before every formula sign a spreadsheet could see at a cell start. */
export function neutralizeFormula(s: string): string {
  const out = s.replace(FORMULA_AT_CELL_START, "$1$2'");
  return CONTROL_START.test(out) ? `'${out}` : out;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string') s = neutralizeFormula(s);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A whole document: header row then rows, with a UTF-8 BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${csvLine(header)}${rows.map(csvLine).join('')}`;
}
