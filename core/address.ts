// Delivery-address *suggestions* from the customer's latest messages: the agent confirms
// one with a click; nothing here is ever saved on its own. Reads Vietnamese addresses with
// or without diacritics: house number, street (or hamlet: thôn/ấp/xóm/tổ), ward
// (phường/xã/thị trấn), district (quận/huyện/thị xã/thành phố thuộc tỉnh — absent in the
// post-2025 two-level form) and province/city.
import type { SnapshotMessage } from './snapshot';

export interface AddressSuggestion {
  /** House number with its alley part: "12", "12/3", "số 5 ngõ 34". */
  houseNumber?: string;
  /** Street or hamlet, as written. */
  street?: string;
  /** "Phường Bến Thành", "Xã Tân Phú", "Phường 5". */
  ward?: string;
  /** "Quận 1", "Huyện Củ Chi", "Thành phố Thủ Đức". */
  district?: string;
  /** Canonical province / city name, "Hồ Chí Minh", "Hà Nội", "Đắk Lắk". */
  province?: string;
  /** The parts joined for display: "12 Nguyễn Trãi, Phường Bến Thành, Quận 1, Hồ Chí Minh". */
  formatted: string;
  /** The text it was read from, as written. */
  source: string;
  /** Index of the message in the input array, and its time when known. */
  messageIndex: number;
  at?: number;
  /** 0..1: share of the five parts found. */
  confidence: number;
}

/** 63 provinces before the 2025 merger (the 34 after it keep names from this list) + Huế. */
const PROVINCES = [
  'Hà Nội',
  'Hồ Chí Minh',
  'Hải Phòng',
  'Đà Nẵng',
  'Cần Thơ',
  'Huế',
  'An Giang',
  'Bà Rịa - Vũng Tàu',
  'Bắc Giang',
  'Bắc Kạn',
  'Bạc Liêu',
  'Bắc Ninh',
  'Bến Tre',
  'Bình Định',
  'Bình Dương',
  'Bình Phước',
  'Bình Thuận',
  'Cà Mau',
  'Cao Bằng',
  'Đắk Lắk',
  'Đắk Nông',
  'Điện Biên',
  'Đồng Nai',
  'Đồng Tháp',
  'Gia Lai',
  'Hà Giang',
  'Hà Nam',
  'Hà Tĩnh',
  'Hải Dương',
  'Hậu Giang',
  'Hòa Bình',
  'Hưng Yên',
  'Khánh Hòa',
  'Kiên Giang',
  'Kon Tum',
  'Lai Châu',
  'Lâm Đồng',
  'Lạng Sơn',
  'Lào Cai',
  'Long An',
  'Nam Định',
  'Nghệ An',
  'Ninh Bình',
  'Ninh Thuận',
  'Phú Thọ',
  'Phú Yên',
  'Quảng Bình',
  'Quảng Nam',
  'Quảng Ngãi',
  'Quảng Ninh',
  'Quảng Trị',
  'Sóc Trăng',
  'Sơn La',
  'Tây Ninh',
  'Thái Bình',
  'Thái Nguyên',
  'Thanh Hóa',
  'Thừa Thiên Huế',
  'Tiền Giang',
  'Trà Vinh',
  'Tuyên Quang',
  'Vĩnh Long',
  'Vĩnh Phúc',
  'Yên Bái',
];

/** Folded spellings people use → canonical name. */
const ALIASES: Record<string, string> = {
  hcm: 'Hồ Chí Minh',
  tphcm: 'Hồ Chí Minh',
  'tp hcm': 'Hồ Chí Minh',
  'sai gon': 'Hồ Chí Minh',
  saigon: 'Hồ Chí Minh',
  sg: 'Hồ Chí Minh',
  'ho chi minh city': 'Hồ Chí Minh',
  hn: 'Hà Nội',
  hanoi: 'Hà Nội',
  'ha noi city': 'Hà Nội',
  hp: 'Hải Phòng',
  dn: 'Đà Nẵng',
  danang: 'Đà Nẵng',
  brvt: 'Bà Rịa - Vũng Tàu',
  'vung tau': 'Bà Rịa - Vũng Tàu',
  'ba ria vung tau': 'Bà Rịa - Vũng Tàu',
  'bac can': 'Bắc Kạn',
  daklak: 'Đắk Lắk',
  'dac lac': 'Đắk Lắk',
  'dak nong': 'Đắk Nông',
  'tt hue': 'Thừa Thiên Huế',
};

/** Same length as the input: each character folded to lower-case ASCII-ish (đ → d). */
function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const base = ch.normalize('NFD')[0] ?? ch;
    const low = base === 'đ' || base === 'Đ' ? 'd' : base.toLowerCase();
    // keep UTF-16 length identical so indices map back to the original
    out += low.length === ch.length ? low : ch;
  }
  return out;
}

const fkey = (s: string) =>
  fold(s.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const PROVINCE_BY_KEY = new Map<string, string>([
  ...PROVINCES.map((p) => [fkey(p), p] as [string, string]),
  ...Object.entries(ALIASES),
]);

function provinceOf(text: string): string | undefined {
  const k = fkey(text)
    .replace(/^(tinh|thanh pho|tp|t p)\s+/, '')
    .trim();
  return PROVINCE_BY_KEY.get(k) ?? PROVINCE_BY_KEY.get(k.replace(/\s+/g, ''));
}

type Kind = 'ward' | 'district' | 'province' | 'city' | 'line' | 'other';

interface Part {
  kind: Kind;
  text: string;
  /** For ward/district: the name after the type word; for city: the name. */
  name?: string;
  typeWord?: string;
}

// Type words, folded; longest first. Abbreviations need a dot or a digit after them.
const WARD =
  /^(phuong|xa|thi tran|p\s*\.|p(?=\s*\d)|p(?=\s+[a-z])|f(?=\s*\d)|tt\s*\.|tt(?=\s))\s*(.+)$/;
const DISTRICT = /^(quan|huyen|thi xa|q\s*\.|q(?=\s*\d)|h\s*\.|tx\s*\.|tx(?=\s))\s*(.+)$/;
const CITY = /^(thanh pho|tp\s*\.?|t\.p\.?)\s*(.+)$/;
const PROVINCE_WORD = /^tinh\s+(.+)$/;
const WARD_WORDS: Record<string, string> = { phuong: 'Phường', p: 'Phường', f: 'Phường', xa: 'Xã' };
const DISTRICT_WORDS: Record<string, string> = {
  quan: 'Quận',
  q: 'Quận',
  huyen: 'Huyện',
  h: 'Huyện',
  'thi xa': 'Thị xã',
  tx: 'Thị xã',
};

const typeWordOf = (raw: string, table: Record<string, string>, fallback: string) =>
  table[raw.replace(/[\s.]/g, '') === 'thixa' ? 'thi xa' : raw.replace(/[\s.]/g, '')] ?? fallback;

function classifyPart(text: string): Part {
  const f = fold(text.normalize('NFC')).trim();
  const original = text.trim();
  const cut = (m: RegExpExecArray) => original.slice(original.length - m[2]!.length).trim();
  const province = provinceOf(original);
  let m = WARD.exec(f);
  if (m && m[2]!.trim()) {
    const typeWord =
      m[1] === 'thi tran' || m[1]!.startsWith('tt')
        ? 'Thị trấn'
        : typeWordOf(m[1]!, WARD_WORDS, 'Phường');
    return { kind: 'ward', text: original, name: cut(m), typeWord };
  }
  m = DISTRICT.exec(f);
  if (m && m[2]!.trim()) {
    return {
      kind: 'district',
      text: original,
      name: cut(m),
      typeWord: typeWordOf(m[1]!, DISTRICT_WORDS, 'Quận'),
    };
  }
  m = PROVINCE_WORD.exec(f);
  if (m && province) return { kind: 'province', text: original, name: province };
  m = CITY.exec(f);
  if (m && m[2]!.trim()) {
    return { kind: province ? 'province' : 'city', text: original, name: province ?? cut(m) };
  }
  if (province) return { kind: 'province', text: original, name: province };
  if (
    /^(so\s*)?\d+[a-z]?([/-]\d+[a-z]?)*\s+\S/.test(f) ||
    /^(thon|ap|xom|to|khu pho|kp|ngo|hem|ngach|kiet|duong)\s/.test(f)
  ) {
    return { kind: 'line', text: original };
  }
  return { kind: 'other', text: original };
}

const LEAD_IN =
  /^.*\b(dia chi|d\/c|dc|add|address|(?:giao|ship|gui|chuyen)(?: (?:em|minh|chi|anh|giup|cho em|cho minh))? (?:ve|toi|den|cho)|nha (?:em|minh|chi|anh) o)\b\s*[:-]?\s*/;
/** Up to and including a phone number or e-mail written before the address. */
const CONTACT_BEFORE = /^.*(?:(?:\+?84|0)\d(?:[ .-]?\d){8,9}(?!\d)|\S+@\S+)\s*[,:;-]?\s*/;

/** Chat particles after an address: "…, HCM ạ", "… nhé shop". */
const TRAILING_PARTICLES =
  /(?:\s+(?:ạ|a|nhé|nhe|nha|nhá|ha|nhen|đó|do|shop|em|ạ\.|nhé\.|nha\.))+[\s.!]*$/iu;

/** "Q1 HCM", "quận 3 tp hcm" without commas: the province written at the end of a part. */
function splitProvinceTail(text: string): Part[] {
  const part = classifyPart(text);
  if (part.kind !== 'ward' && part.kind !== 'district') return [part];
  const words = text.trim().split(/\s+/);
  for (let k = Math.min(5, words.length - 1); k >= 1; k--) {
    const tail = words.slice(words.length - k).join(' ');
    if (provinceOf(tail)) {
      const head = classifyPart(words.slice(0, words.length - k).join(' '));
      if (head.kind === part.kind) return [head, classifyPart(tail)];
    }
  }
  return [part];
}

/** Split a line into address-sized parts: at commas, and before type words. */
function splitParts(line: string): string[] {
  const f = fold(line);
  const cuts = new Set<number>([0, line.length]);
  for (const m of f.matchAll(/[,;|]|\s-\s/g)) {
    cuts.add(m.index!);
    cuts.add(m.index! + m[0].length);
  }
  const before =
    /\s(?=(phuong|xa|thi tran|quan|huyen|thi xa|tinh|thanh pho|tp\.?|p\.|q\.|tx\.|h\.)\s*\S)|\s(?=(p|q|f)\s*\d)|\s(?=p\s+[a-z])/g;
  for (const m of f.matchAll(before)) cuts.add(m.index!);
  const sorted = [...cuts].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length - 1; i++) {
    const p = line.slice(sorted[i]!, sorted[i + 1]!).replace(/^[\s,;|-]+|[\s,;|.-]+$/g, '');
    if (p) parts.push(p);
  }
  return parts;
}

function splitLine(text: string): { houseNumber?: string; street?: string } {
  const original = text.trim();
  const f = fold(original);
  const m =
    /^((?:so\s*)?\d+[a-z]?(?:[/-]\d+[a-z]?)*(?:\s+(?:ngo|hem|ngach|kiet)\s+\d+[a-z]?(?:[/-]\d+)*)*)\s+(.+)$/.exec(
      f,
    );
  if (!m) return { street: /^duong\s/.test(f) ? original.slice(6).trim() : original };
  const house = original.slice(0, m[1]!.length).trim();
  let street = original.slice(m[1]!.length).trim();
  if (/^duong\s/.test(fold(street))) street = street.slice(6).trim();
  return { houseNumber: house, street };
}

function readAddress(line: string): Omit<AddressSuggestion, 'messageIndex' | 'at'> | null {
  const f = fold(line);
  const lead = LEAD_IN.exec(f);
  let body = lead ? line.slice(lead[0].length) : line;
  const contact = CONTACT_BEFORE.exec(fold(body));
  if (contact) body = body.slice(contact[0].length);
  const parts = splitParts(body.replace(TRAILING_PARTICLES, '')).flatMap(splitProvinceTail);
  // Find the admin parts; the address runs from the part before the first of them to the last.
  const adminIdx = parts
    .map((p, i) =>
      p.kind === 'ward' || p.kind === 'district' || p.kind === 'province' || p.kind === 'city'
        ? i
        : -1,
    )
    .filter((i) => i >= 0);
  if (adminIdx.length === 0) return null;
  const first = adminIdx[0]!;
  const last = adminIdx[adminIdx.length - 1]!;
  const out: Partial<AddressSuggestion> = {};
  // The province is the last province/city part; an earlier "thành phố X" is a district.
  for (let i = first; i <= last; i++) {
    const p = parts[i]!;
    if (p.kind === 'ward' && !out.ward) out.ward = `${p.typeWord} ${p.name}`;
    else if (p.kind === 'district' && !out.district) out.district = `${p.typeWord} ${p.name}`;
    else if (p.kind === 'province') out.province = p.name;
    else if (p.kind === 'city') {
      if (i === last && !out.province) out.province = p.name;
      else if (!out.district) out.district = `Thành phố ${p.name}`;
    } else if (p.kind === 'other') {
      // An unnamed part between known ones: a ward before the district, a district before
      // the province.
      if (!out.ward && !out.district && i < last) out.ward = p.text;
      else if (!out.district && out.ward && i < last) out.district = p.text;
    }
  }
  // The street line: the part just before the first admin part, or an unnamed part that
  // precedes an inferred ward.
  let lineStart = first;
  let hasLine = false;
  const before = parts[first - 1];
  const prev = parts[first - 2];
  if (before?.kind === 'other' && prev?.kind === 'line' && !out.ward) {
    out.ward = before.text;
    Object.assign(out, splitLine(prev.text));
    lineStart = first - 2;
    hasLine = true;
  } else if (before && (before.kind === 'line' || before.kind === 'other')) {
    Object.assign(out, splitLine(before.text));
    lineStart = first - 1;
    hasLine = before.kind === 'line';
  }
  const fields = [out.houseNumber, out.street, out.ward, out.district, out.province];
  const found = fields.filter(Boolean).length;
  const adminFound = [out.ward, out.district, out.province].filter(Boolean).length;
  // One type word alone ("ở xa", "quán") is not an address.
  if (adminFound < 2 && !(adminFound === 1 && hasLine)) return null;
  const source = parts
    .slice(lineStart, last + 1)
    .map((p) => p.text)
    .join(', ');
  const formatted = [
    [out.houseNumber, out.street].filter(Boolean).join(' '),
    out.ward,
    out.district,
    out.province,
  ]
    .filter(Boolean)
    .join(', ');
  return { ...out, formatted, source, confidence: found / 5 };
}

/**
 * Address suggestions from the customer's latest incoming messages (newest first, at most
 * `lookback` messages), best reading per message, duplicates dropped. For the agent to
 * confirm; never save one without that click.
 */
export function suggestAddresses(
  messages: readonly SnapshotMessage[],
  options: { lookback?: number; limit?: number } = {},
): AddressSuggestion[] {
  const lookback = options.lookback ?? 5;
  const limit = options.limit ?? 3;
  const out: AddressSuggestion[] = [];
  const seen = new Set<string>();
  let looked = 0;
  for (let i = messages.length - 1; i >= 0 && looked < lookback; i--) {
    const m = messages[i]!;
    if (m.direction !== 'in') continue;
    looked++;
    const lines = m.text
      .normalize('NFC')
      .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ')
      .split(/\n+/);
    // An address is often one line; sometimes it is spread over a few.
    const candidates = [...lines, lines.join(', ')];
    let best: Omit<AddressSuggestion, 'messageIndex' | 'at'> | null = null;
    for (const line of candidates) {
      const a = readAddress(line.replace(/\s+/g, ' ').trim());
      if (a && (!best || a.confidence > best.confidence)) best = a;
    }
    if (!best) continue;
    const key = fkey(best.formatted);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...best, messageIndex: i, ...(m.at !== undefined ? { at: m.at } : {}) });
  }
  return out.slice(0, limit);
}
