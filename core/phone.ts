// Vietnamese phone numbers: normalise one typed number, or find every number written in a
// chat message. Validity follows the numbering plan in libphonenumber-js metadata; the only
// thing kept by hand is the 2018 move of 11-digit mobile numbers to 10 digits, which the
// metadata no longer knows about.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { nameKey } from './text';

/** Pre-2018 11-digit mobile prefixes (national, without the trunk 0) → their successors. */
export const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  // MobiFone
  '120': '70',
  '121': '79',
  '122': '77',
  '126': '76',
  '128': '78',
  // VinaPhone
  '123': '83',
  '124': '84',
  '125': '85',
  '127': '81',
  '129': '82',
  // Viettel
  '162': '32',
  '163': '33',
  '164': '34',
  '165': '35',
  '166': '36',
  '167': '37',
  '168': '38',
  '169': '39',
  // Vietnamobile
  '186': '56',
  '188': '58',
  // Gmobile
  '199': '59',
};

/** Number types a customer can be reached on; hotlines (1800/1900), VoIP and UAN are not people. */
const PERSONAL_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

/** A national significant number (no trunk 0) → E.164, or null when the plan rejects it. */
function fromNational(national: string): string | null {
  let n = national;
  if (n.length === 10) {
    const successor = OLD_MOBILE_PREFIXES[n.slice(0, 3)];
    if (successor) n = successor + n.slice(3);
  }
  if (n.length < 9 || n.length > 10) return null;
  const parsed = parsePhoneNumberFromString(`+84${n}`);
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  if (!type || !PERSONAL_TYPES.has(type)) return null;
  return parsed.number;
}

/**
 * Digits as written (with `plus` when a `+` preceded them) → E.164. `allowBare` accepts a
 * national number whose trunk 0 was dropped (spreadsheets do that); chat text never does.
 */
function fromDigits(digits: string, plus: boolean, allowBare: boolean): string | null {
  if (plus) {
    if (!digits.startsWith('84')) return null;
    const rest = digits.slice(2);
    return fromNational(rest.startsWith('0') ? rest.slice(1) : rest);
  }
  if (digits.startsWith('0084')) return fromDigits(digits.slice(2), true, false);
  if (digits.startsWith('0')) return fromNational(digits.slice(1));
  if (digits.startsWith('84') && digits.length >= 11 && digits.length <= 13) {
    const rest = digits.slice(2);
    const viaCountry = fromNational(rest.startsWith('0') ? rest.slice(1) : rest);
    if (viaCountry) return viaCountry;
  }
  if (allowBare && (digits.length === 9 || digits.length === 10)) return fromNational(digits);
  return null;
}

/**
 * One typed phone number → E.164 (`+84912345678`), or null when it is not a Vietnamese
 * number a person can be reached on. Accepts `0…`, `+84…`, `84…`, `0084…`, `(+84)`,
 * `+84 (0)…`, spaces, dots, dashes, the old 11-digit mobile prefixes, and a number whose
 * leading 0 a spreadsheet dropped.
 */
export function normalizePhoneVN(input: string): string | null {
  const s = input.normalize('NFKC').trim();
  if (s.length === 0 || s.length > 40) return null;
  if (!/^[\d\s.\-()+\u00a0]+$/.test(s)) return null;
  const plus = /^\(?\s*\+/.test(s);
  if (s.indexOf('+') > 0 && !plus) return null;
  const digits = s.replace(/\(\s*0\s*\)/, '').replace(/\D/g, '');
  return fromDigits(digits, plus, !plus);
}

// ---------------------------------------------------------------------------------------
// Extraction from free text.

/** Words that, right before a number, say it is a phone number. */
const PHONE_WORDS = new Set([
  'sdt',
  'so dt',
  'dt',
  'so dien thoai',
  'dien thoai',
  'di dong',
  'phone',
  'tel',
  'mobile',
  'call',
  'zalo',
  'goi',
  'lh',
  'lien he',
  'hotline',
  'nhan hang',
  'nguoi nhan',
  'so',
]);

/** Words that, right before a number, say it is something else (account, order, id…). */
const OTHER_WORDS = new Set([
  'stk',
  'tk',
  'so tk',
  'tai khoan',
  'so tai khoan',
  'account',
  'acc',
  'ma',
  'ma don',
  'ma don hang',
  'don hang',
  'don',
  'dh',
  'mdh',
  'ma dh',
  'ma van don',
  'van don',
  'mvd',
  'order',
  'sku',
  'cmnd',
  'cccd',
  'can cuoc',
  'mst',
  'ma so thue',
  'so the',
  'otp',
  'ma gd',
  'giao dich',
  'ref',
  'id',
  'tracking',
  'voucher',
]);

/** Units and currencies that, glued after a number, make it a quantity or a price. */
const UNIT_WORDS = new Set([
  'd',
  'k',
  'vnd',
  'dong',
  'tr',
  'trieu',
  'ngan',
  'nghin',
  'usd',
  'cm',
  'mm',
  'kg',
  'g',
  'gr',
  'm',
  'ml',
  'l',
  'h',
  'p',
  'x',
]);

/** The nearest deciding word in the last few words: 'phone', 'other' or undefined. */
function contextVerdict(before: string): 'phone' | 'other' | undefined {
  const clause = before.split(/[\n,;!?]|\.\s/).pop() ?? '';
  const words = nameKey(clause)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  for (let end = words.length; end > Math.max(0, words.length - 4); end--) {
    if (/\d/.test(words[end - 1] ?? '')) return undefined;
    for (let len = Math.min(3, end); len >= 1; len--) {
      const phrase = words.slice(end - len, end).join(' ');
      if (OTHER_WORDS.has(phrase)) return 'other';
      if (PHONE_WORDS.has(phrase)) return 'phone';
    }
  }
  return undefined;
}

/** A letter run glued before the digits: keep "sđt0912…", "em0912…", drop "DH0912…". */
function gluedBeforeOk(word: string): boolean {
  if (word === '') return true;
  const key = nameKey(word);
  for (const w of PHONE_WORDS) if (!w.includes(' ') && key.endsWith(w)) return true;
  for (const w of OTHER_WORDS) if (!w.includes(' ') && key.endsWith(w)) return false;
  return !/^[A-Z]{2,}$/.test(word);
}

/** A letter run glued after the digits: keep "0912…nhé", drop "…VN", "…k", "…đ". */
function gluedAfterOk(word: string): boolean {
  if (word === '') return true;
  if (UNIT_WORDS.has(nameKey(word))) return false;
  return !/^[A-Z]{2,}$/.test(word);
}

interface Run {
  digits: string;
  start: number;
  end: number;
  /** Text between the previous run and this one (or the chunk's opening `(+`). */
  gap: string;
}

const GAP_CHARS = /^[ \t.\-()+]*$/;

function gapJoins(gap: string): boolean {
  if (gap.length === 0 || gap.length > 4 || !GAP_CHARS.test(gap)) return false;
  const marks = gap.replace(/[ \t]/g, '');
  if ((marks.match(/[.-]/g) ?? []).length > 1) return false;
  if (marks.includes('+') && !marks.endsWith('+')) return false;
  return true;
}

const isDateShape = (runs: Run[]): boolean => {
  if (runs.length !== 3) return false;
  const joined = runs[1]!.gap.trim() + runs[2]!.gap.trim();
  if (!/^(\.\.|--)$/.test(joined)) return false;
  const l = runs.map((r) => r.digits.length);
  return (
    (l[0]! <= 2 && l[1]! <= 2 && (l[2] === 2 || l[2] === 4)) ||
    (l[0] === 4 && l[1]! <= 2 && l[2]! <= 2)
  );
};

const isPriceShape = (runs: Run[]): boolean =>
  runs.length >= 2 &&
  runs[0]!.digits.length <= 3 &&
  runs.slice(1).every((r) => r.digits.length === 3 && /^[.,]$/.test(r.gap.trim()));

/** A piece of consecutive runs read as one number, or null. */
function readPiece(runs: Run[], lead: string): string | null {
  if (isDateShape(runs) || isPriceShape(runs)) return null;
  const plus = (runs[0]!.gap + lead).includes('+');
  // "+84 (0) 912…": the bracketed trunk zero is not part of the number.
  const digits = runs
    .filter((r, i) => !(i === 1 && r.digits === '0' && r.gap.includes('(')))
    .map((r) => r.digits)
    .join('');
  if (digits.length < 9 || digits.length > 14) return null;
  return fromDigits(digits, plus, false);
}

/** Longest run of digit groups read as one piece (a date, a price, a grouped number). */
const MAX_PIECE_RUNS = 8;

type PieceKind = 'phone-multi' | 'phone-single' | 'other-short' | 'other' | 'end';

/**
 * Split one chunk of runs into numbers and other things (a date, a price, "2 cái"). Other
 * things must be set off by spaces, and a short stray group right next to a number written
 * in groups ("0912 345 678 123") makes the whole chunk ambiguous, so nothing is read there.
 */
function readChunk(runs: Run[], lead: string): string[] {
  const n = runs.length;
  const best: ({ phones: string[]; kind: PieceKind } | null)[] = new Array(n + 1).fill(null);
  best[n] = { phones: [], kind: 'end' };
  const spaced = (j: number) => j >= n || /^[ \t]+(?:[-.][ \t]+)?$/.test(runs[j]!.gap);
  for (let i = n - 1; i >= 0; i--) {
    let choice: { phones: string[]; kind: PieceKind } | null = null;
    for (let j = i + 1; j <= Math.min(n, i + MAX_PIECE_RUNS); j++) {
      const rest = best[j];
      if (!rest) continue;
      const pieceRuns = runs.slice(i, j);
      const phone = j - i <= 6 ? readPiece(pieceRuns, i === 0 ? lead : '') : null;
      if (phone) {
        const kind: PieceKind = j - i > 1 ? 'phone-multi' : 'phone-single';
        if (kind === 'phone-multi' && rest.kind === 'other-short') continue;
        if (rest.kind.startsWith('other') && !spaced(j)) continue;
        if (!choice || rest.phones.length + 1 > choice.phones.length) {
          choice = { phones: [phone, ...rest.phones], kind };
        }
        continue;
      }
      const kind: PieceKind = j - i === 1 && runs[i]!.digits.length <= 4 ? 'other-short' : 'other';
      if (!spaced(j)) continue;
      if (kind === 'other-short' && rest.kind === 'phone-multi') continue;
      if (!choice || rest.phones.length > choice.phones.length) {
        choice = { phones: rest.phones, kind };
      }
    }
    best[i] = choice;
  }
  return best[0]?.phones ?? [];
}

const URL_OR_EMAIL =
  /\b(?:https?:\/\/|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\/\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/**
 * Every distinct Vietnamese phone number written in a message, as E.164, in order of
 * appearance. Order codes, prices, dates, bank accounts and digits inside links or e-mail
 * addresses are not phone numbers.
 */
export function extractPhonesVN(text: string): string[] {
  const s = text
    .normalize('NFKC')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ')
    .replace(URL_OR_EMAIL, (m) => ' '.repeat(m.length));
  const found: string[] = [];
  const digitRe = /\d+/g;
  const all: Run[] = [];
  for (let m = digitRe.exec(s); m; m = digitRe.exec(s)) {
    all.push({ digits: m[0], start: m.index, end: m.index + m[0].length, gap: '' });
  }
  let i = 0;
  while (i < all.length) {
    const chunk: Run[] = [{ ...all[i]!, gap: '' }];
    let j = i + 1;
    while (j < all.length) {
      const gap = s.slice(all[j - 1]!.end, all[j]!.start);
      if (!gapJoins(gap)) break;
      chunk.push({ ...all[j]!, gap });
      j++;
    }
    i = j;
    const first = chunk[0]!;
    const last = chunk[chunk.length - 1]!;
    const lead = /(?:\([ \t]*)?\+?$/.exec(s.slice(Math.max(0, first.start - 4), first.start))![0];
    // Only the last few words matter; keep this O(1) per number on long messages.
    const beforeLead = s.slice(
      Math.max(0, first.start - lead.length - 60),
      first.start - lead.length,
    );
    const prevChar = beforeLead.slice(-1);
    const nextChar = s.charAt(last.end);
    if (/[#@_\\]/.test(prevChar) || /[@%$₫€_\\]/.test(nextChar)) continue;
    const gluedBefore = /\p{L}+$/u.exec(beforeLead)?.[0] ?? '';
    const gluedAfter = /^\p{L}+/u.exec(s.slice(last.end))?.[0] ?? '';
    if (!gluedBeforeOk(gluedBefore) || !gluedAfterOk(gluedAfter)) continue;
    if (contextVerdict(beforeLead) === 'other') continue;
    for (const phone of readChunk(chunk, lead)) {
      if (!found.includes(phone)) found.push(phone);
    }
  }
  return found;
}
