// Repairs a delimited text needs before it is split into rows. Pure: the reader decodes and
// parses. Found by the CSV bad-input corpus (test/corpus/csv):
// - mixed line endings (CRLF with some bare LF lines, as files edited on two systems have):
//   the parser takes the first line's ending for the whole file, so a bare-LF row was glued
//   into the cell above it and silently lost;
// - an unterminated or malformed quote (`"Minh,0912…` with no closing quote, `"Ngọc" Anh`):
//   the quoted field ran to the end of the file, or to the next quote that happened to
//   close, swallowing the good rows in between without a word.

/** CRLF and bare CR (classic Mac) → LF; a stray CR inside a line of an LF file stays a character. */
export function normalizeLineEndings(text: string): string {
  if (!text.includes('\n')) return text.replaceAll('\r', '\n');
  return text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text;
}

const isBlankChar = (ch: string | undefined) => ch === ' ' || ch === '\t';

/**
 * Index of the opening quote of the first broken quoted field at or after `from` (a record
 * start); -1 when there is none. It follows the parser's rules (Papa Parse): a field is
 * quoted when it starts with `"`, `""` inside it is a quote, and it closes at a `"` followed
 * (after spaces) by the delimiter, a line end or the end of text. Broken: it never closes,
 * or holds a lone `"` that does not close it.
 */
export function brokenQuote(text: string, delimiter: string, from = 0): number {
  const n = text.length;
  let fieldStart = true;
  let i = from;
  while (i < n) {
    const ch = text[i];
    if (fieldStart && ch === '"') {
      const open = i;
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return open;
        if (text[q + 1] === '"') {
          i = q + 2;
          continue;
        }
        let k = q + 1;
        while (isBlankChar(text[k])) k += 1;
        const after = text[k];
        if (after === undefined || after === delimiter || after === '\n' || after === '\r') {
          i = q + 1;
          break;
        }
        // A lone quote inside a quoted field (`"Ngọc" Anh`, or the opening quote of a later
        // `"Đà Nẵng"` after an unterminated one): the parser would go on to the next quote
        // that happens to close, gluing the rows between into this cell.
        return open;
      }
      fieldStart = false;
      continue;
    }
    fieldStart = ch === delimiter || ch === '\n';
    i += 1;
  }
  return -1;
}

export interface TextPiece {
  /** `parse`: ordinary CSV text (no trailing newline); `literal`: one physical line. */
  kind: 'parse' | 'literal';
  text: string;
  /** Position in the whole text just after this piece. */
  end: number;
}

/**
 * The text cut around each line whose quote never closes: those lines are read literally
 * (split on the delimiter, quotes kept as characters) and parsing resumes on the next line,
 * so nothing after a broken quote is lost and every row keeps its number.
 */
export function csvPieces(text: string, delimiter: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  while (from < text.length) {
    const open = brokenQuote(text, delimiter, from);
    if (open < 0) {
      pieces.push({ kind: 'parse', text: text.slice(from), end: text.length });
      break;
    }
    const lineStart = text.lastIndexOf('\n', open - 1) + 1;
    const nl = text.indexOf('\n', open);
    const lineEnd = nl < 0 ? text.length : nl;
    if (lineStart > from)
      pieces.push({ kind: 'parse', text: text.slice(from, lineStart - 1), end: lineStart });
    pieces.push({ kind: 'literal', text: text.slice(lineStart, lineEnd), end: lineEnd + 1 });
    from = lineEnd + 1;
  }
  return pieces;
}
