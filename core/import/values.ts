// Cell values as sellers' exports write them: VND amounts ("1.250.000đ", "1,25tr", "350k"),
// Vietnamese dates ("05/03/2026 14:30", Excel serial numbers), phones that lost their 0,
// and order states in words. Each parser returns null for "cannot read this".
import { FORMULA_SIGN_CLASS } from '../csv-write';
import { normalizeEmail } from '../email';
import type { OrderStatus } from '../orders';
import { normalizePhoneVN } from '../phone';
import { nameKey } from '../text';

/** A cell as a reader hands it over: text (CSV), or a number / date (xlsx). */
export type Cell = string | number | boolean | Date | null | undefined;

// Spreadsheet users type '0912… to keep the leading zero, and CSV writers (ours included,
// core/csv-write) put ' before = + - @ so a cell is never run as a formula: that apostrophe
// is a "text" marker, not part of the value. Kept, it made '0912345678 and '+84912345678
// unreadable phones (a skipped-rows report fixed and imported again refused every such row).
const TEXT_MARKER = new RegExp(`^'(?=[\\d${FORMULA_SIGN_CLASS}])`);

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim().replace(TEXT_MARKER, '');
}

export const isBlank = (cell: Cell): boolean => cellText(cell) === '';

/** Largest amount accepted (the order schema's bound): 10 000 billion đồng. */
export const MAX_MONEY = 1e13;

const MULTIPLIERS: [RegExp, number][] = [
  [/(?:trieu|tr|m)$/, 1_000_000],
  [/(?:nghin|ngan|k)$/, 1_000],
];

/** A VND amount in whole đồng, or null. Negative amounts are refused. */
export function parseMoney(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell >= 0 ? Math.round(cell) : null;
  let s = nameKey(cellText(cell))
    .replace(/₫|vnd|vnđ|dong|d$/g, '')
    .replace(/\s+/g, '');
  if (s === '') return null;
  let factor = 1;
  for (const [suffix, f] of MULTIPLIERS) {
    if (suffix.test(s)) {
      s = s.replace(suffix, '');
      factor = f;
      break;
    }
  }
  const n = factor === 1 ? plainAmount(s) : shortAmount(s);
  if (n === null) return null;
  const v = Math.round(n * factor);
  return v <= MAX_MONEY ? v : null;
}

/** "1.250.000", "1,250,000", "1.250.000,50", "350000.00", "350000". */
function plainAmount(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d{1,3}(?:\.\d{3})+$/.test(s) || /^\d{1,3}(?:,\d{3})+$/.test(s))
    return Number(s.replace(/[.,]/g, ''));
  let m = /^(\d{1,3}(?:\.\d{3})+),(\d{1,2})$/.exec(s);
  if (m) return Number(`${m[1]!.replace(/\./g, '')}.${m[2]}`);
  m = /^(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$/.exec(s);
  if (m) return Number(`${m[1]!.replace(/,/g, '')}.${m[2]}`);
  m = /^(\d+)[.,](\d{1,2})$/.exec(s);
  if (m) return Number(`${m[1]}.${m[2]}`);
  return null;
}

/** "1.25" or "1,5" before "tr" / "k": a decimal, either separator. */
function shortAmount(s: string): number | null {
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(s);
  return m ? Number(`${m[1]}.${m[2] ?? '0'}`) : null;
}

const DAY_MS = 86_400_000;
/** Exports give wall-clock times in Vietnam (UTC+7) without saying so. */
export const VN_OFFSET_MS = 7 * 3_600_000;
// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function wallClock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(t).getUTCDate() !== d) return null; // 31/02
  return t - VN_OFFSET_MS;
}

const VN_DATE =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ ,T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TIME_FIRST = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(.+)$/;

/**
 * An instant (epoch ms), or null: dd/mm/yyyy (or - .) with an optional time, time before
 * the date ("14:30 05/03/2026"), ISO 8601, an Excel serial day number, or a Date from an
 * .xlsx reader (its UTC fields are the sheet's wall clock).
 */
export function parseDate(cell: Cell): number | null {
  if (cell instanceof Date) {
    const t = cell.getTime();
    return Number.isNaN(t) ? null : t - VN_OFFSET_MS;
  }
  if (typeof cell === 'number') return excelSerial(cell);
  const s = cellText(cell);
  if (s === '') return null;
  if (/^\d{5}(?:\.\d+)?$/.test(s)) return excelSerial(Number(s));
  const tf = TIME_FIRST.exec(s);
  if (tf) {
    const d = VN_DATE.exec(tf[4]!);
    if (!d || d[4] !== undefined) return null;
    return wallClock(year(d[3]!), +d[2]!, +d[1]!, +tf[1]!, +tf[2]!, +(tf[3] ?? 0));
  }
  let m = VN_DATE.exec(s);
  if (m) return wallClock(year(m[3]!), +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = ISO_DATE.exec(s);
  if (m) {
    const local = wallClock(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (local === null || !m[7]) return local;
    const wall = local + VN_OFFSET_MS;
    if (m[7] === 'Z') return wall;
    const sign = m[7][0] === '-' ? -1 : 1;
    const [hh, mm] = [m[7].slice(1, 3), m[7].slice(-2)];
    return wall - sign * (+hh * 60 + +mm) * 60_000;
  }
  return null;
}

const year = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** Days since 1899-12-30, 1950..2100 only (anything else is not a date in an export). */
function excelSerial(n: number): number | null {
  if (!Number.isFinite(n) || n < 18_264 || n > 73_051) return null;
  return EXCEL_EPOCH + Math.round(n * DAY_MS) - VN_OFFSET_MS;
}

/** E.164 or null. Excel turns 0912345678 into the number 912345678; the 0 comes back. */
export function parsePhone(cell: Cell): string | null {
  const s = typeof cell === 'number' ? String(Math.trunc(cell)) : cellText(cell);
  if (s === '') return null;
  return normalizePhoneVN(s) ?? (/^[1-9]\d{8,9}$/.test(s) ? normalizePhoneVN(`0${s}`) : null);
}

/** Lower-case address or null. */
export function parseEmail(cell: Cell): string | null {
  const s = cellText(cell);
  return s === '' ? null : normalizeEmail(s);
}

/** Positive whole quantity, or null. Empty means one. */
export function parseQty(cell: Cell): number | null {
  const s = cellText(cell).replace(/[.,]0+$/, '');
  if (s === '') return 1;
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 1_000_000 ? n : null;
}

/** The words the five platforms use for an order's state, mapped to ours. */
export function parseStatus(cell: Cell): OrderStatus {
  const s = nameKey(cellText(cell));
  if (/\bhuy\b|cancel/.test(s)) return 'cancelled';
  if (/hoan hang|tra hang|hoan tra|chuyen hoan|return/.test(s)) return 'returned';
  if (/that bai|khong thanh cong|fail/.test(s)) return 'failed';
  if (
    /hoan thanh|da giao|giao thanh cong|thanh cong|da nhan|deliver|complete|\bfulfilled\b/.test(s)
  )
    return 'delivered';
  return 'pending';
}
