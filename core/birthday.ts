// Customer birthdays as sellers type them: `29/02/1990`, `29/2`, `1990-02-29`,
// `ngày 5 tháng 3`, `05.03.1992`, `5-3`, `5/3/92`, or an Excel date serial from an export.
// Vietnamese order is always day before month (an ISO date is the only year-first form).
// Stored as `MM-DD` (no year) or `YYYY-MM-DD`. Pure.

export interface Birthday {
  month: number;
  day: number;
  year?: number;
}

export type BirthdayParse = ({ ok: true } & Birthday) | { ok: false; error: string };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The earliest year a living customer's birthday may carry. */
const MIN_YEAR = 1900;

function check(day: number, month: number, year: number | undefined, now: Date): BirthdayParse {
  if (month < 1 || month > 12) return { ok: false, error: `month ${month} does not exist` };
  if (day < 1 || day > DAYS_IN_MONTH[month - 1]!)
    return { ok: false, error: `day ${day} does not exist in month ${month}` };
  if (year !== undefined) {
    if (month === 2 && day === 29 && !isLeapYear(year))
      return { ok: false, error: `29/02/${year}: ${year} is not a leap year` };
    if (year < MIN_YEAR) return { ok: false, error: `year ${year} is before ${MIN_YEAR}` };
    const birth = Date.UTC(year, month - 1, day);
    if (birth > now.getTime())
      return { ok: false, error: `${pad(day)}/${pad(month)}/${year} is in the future` };
  }
  return year === undefined ? { ok: true, month, day } : { ok: true, month, day, year };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Two-digit years: `92` → 1992, `05` → 2005 (never a year after this one). */
function fullYear(text: string, now: Date): number {
  const n = Number(text);
  if (text.length !== 2) return n;
  const thisYear = now.getUTCFullYear();
  const century = Math.floor(thisYear / 100) * 100;
  return century + n > thisYear ? century - 100 + n : century + n;
}

// Excel's day 1 is 1900-01-01, and it counts a 29/02/1900 that never was: serial 60.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** An Excel serial (days since 1899-12-30) → the date; serials before 61 are off by one. */
function fromExcelSerial(serial: number, now: Date): BirthdayParse {
  if (!Number.isInteger(serial) || serial < 1)
    return { ok: false, error: `${serial} is not a date serial` };
  if (serial === 60) return { ok: false, error: 'Excel serial 60 is 29/02/1900, which never was' };
  const d = new Date(EXCEL_EPOCH + (serial < 60 ? serial + 1 : serial) * DAY_MS);
  return check(d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear(), now);
}

/**
 * A birthday in any common Vietnamese form, or a specific error: which part is impossible
 * (`31/4`, month 13, 29/02 of a non-leap year, a date in the future) or that the text is not
 * a date at all. A number (from a spreadsheet cell) is an Excel serial.
 */
export function parseBirthdayVN(input: string | number, now: Date = new Date()): BirthdayParse {
  if (typeof input === 'number') return fromExcelSerial(input, now);
  const text = input.trim().toLowerCase().normalize('NFC').replace(/\s+/g, ' ');
  if (!text) return { ok: false, error: 'empty birthday' };
  // ISO: 1990-02-29 (also 1990/02/29).
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) return check(Number(m[3]), Number(m[2]), Number(m[1]), now);
  // Day first: 29/02/1990, 05.03.1992, 5-3-92, 29/2, 5-3.
  m = /^(\d{1,2}) ?[-/.] ?(\d{1,2})(?: ?[-/.] ?(\d{2}|\d{4}))?$/.exec(text);
  if (m) return check(Number(m[1]), Number(m[2]), m[3] ? fullYear(m[3], now) : undefined, now);
  // Words: "ngày 5 tháng 3", "5 tháng 3 năm 1992", "ngay 5 thang 3 nam 92" (no diacritics).
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd');
  m = /^(?:ngay )?(\d{1,2}) ?(?:thang|th) ?(\d{1,2})(?:,? ?(?:nam )?(\d{4}|\d{2}))?$/.exec(plain);
  if (m) return check(Number(m[1]), Number(m[2]), m[3] ? fullYear(m[3], now) : undefined, now);
  // A bare number from a spreadsheet cell exported as text: an Excel serial.
  if (/^\d{3,6}$/.test(text)) return fromExcelSerial(Number(text), now);
  return {
    ok: false,
    error: `"${input.trim().slice(0, 40)}" is not a date (expected e.g. 29/02/1990, 5/3 or ngày 5 tháng 3)`,
  };
}

/** The stored form: `MM-DD`, or `YYYY-MM-DD` when the year is known. */
export const formatBirthday = (b: Birthday): string =>
  b.year === undefined
    ? `${pad(b.month)}-${pad(b.day)}`
    : `${b.year}-${pad(b.month)}-${pad(b.day)}`;

/** The stored form back to parts; null for anything else (an older or foreign row). */
export function storedBirthday(stored: string | undefined): Birthday | null {
  if (!stored) return null;
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(stored);
  if (!m) return null;
  const b: Birthday = { month: Number(m[2]), day: Number(m[3]) };
  if (m[1]) b.year = Number(m[1]);
  return b;
}

/**
 * The day the birthday falls on in `year`, as [month, day]. A 29/02 birthday falls on 28/02
 * in a year that has no 29/02: the customer is greeted the day before, never a day late
 * (01/03 would already be after their birthday for most people born that day).
 */
export function birthdayIn(b: Birthday, year: number): [month: number, day: number] {
  if (b.month === 2 && b.day === 29 && !isLeapYear(year)) return [2, 28];
  return [b.month, b.day];
}
