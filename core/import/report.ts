// The skipped-rows report in the UI language: one line per row for the page, and a CSV
// (row, reason, then the row as it was) the seller can open in Excel and fix.
import { csvField } from '../csv-write';
import type { Locale } from '../i18n';
import { t } from '../i18n-options';
import type { RejectedRow } from './plan';

export function rejectedReason(locale: Locale, r: RejectedRow): string {
  return t(locale, `import.reason.${r.code}`, r.params);
}

export function rejectedText(locale: Locale, r: RejectedRow): string {
  return t(locale, 'import.line', { line: r.line, reason: rejectedReason(locale, r) });
}

/** Quoted also around `;` and tab, which Excel may split on in Vietnamese settings. */
const field = (s: string) => {
  const f = csvField(s);
  return !f.startsWith('"') && /[;\t]/.test(f) ? `"${f}"` : f;
};

/**
 * CSV with a BOM (Excel then reads it as UTF-8) and CRLF line ends. The cells are the
 * imported file's own text, so they go through the formula-neutralising writer: a name
 * `=cmd|' /C calc'!A0` in a POS export was written back live into the report the seller
 * opens in Excel.
 */
export function rejectedCsv(locale: Locale, rows: readonly RejectedRow[]): string {
  const lines = [[t(locale, 'import.csv.line'), t(locale, 'import.csv.reason')]];
  for (const r of rows) lines.push([String(r.line), rejectedReason(locale, r), ...r.cells]);
  return `\ufeff${lines.map((l) => l.map(field).join(',')).join('\r\n')}\r\n`;
}
