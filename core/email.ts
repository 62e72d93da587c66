// E-mail addresses: normalise one, or find every address written in a message.

const LOCAL = "[a-z0-9!#$%&'*+=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+=?^_`{|}~-]+)*";
const DOMAIN = '(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24}';
const EXACT = new RegExp(`^${LOCAL}@${DOMAIN}$`, 'i');
const IN_TEXT = new RegExp(
  `(?<![a-z0-9.!#$%&'*+=?^_\`{|}~-])${LOCAL}@${DOMAIN}(?![a-z0-9-]|\\.[a-z0-9])`,
  'gi',
);

/** One typed address → lower-case form, or null when it is not an address. */
export function normalizeEmail(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .trim()
    .replace(/^mailto:/i, '');
  if (s.length > 254 || !EXACT.test(s)) return null;
  const [local] = s.split('@');
  if (local!.length > 64) return null;
  return s.toLowerCase();
}

/** Every distinct address written in a message, lower-cased, in order of appearance. */
export function extractEmails(text: string): string[] {
  const found: string[] = [];
  // "lan (at) gmail.com" / "lan [at] gmail [dot] com" are still addresses.
  const s = text
    .normalize('NFKC')
    .replace(/\s*[([]\s*(?:at|a còng)\s*[)\]]\s*/gi, '@')
    .replace(/\s*[([]\s*(?:dot|chấm)\s*[)\]]\s*/gi, '.');
  for (const m of s.matchAll(IN_TEXT)) {
    const email = normalizeEmail(m[0]);
    if (email && !found.includes(email)) found.push(email);
  }
  return found;
}
