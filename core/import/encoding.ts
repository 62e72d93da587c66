// Which text encoding an exported file uses, from its bytes: Excel's "Unicode Text" is
// UTF-16 LE (BOM, or every other byte NUL), current exports are UTF-8 (with or without
// BOM), older Vietnamese Windows tools write Windows-1258. Pure: the reader decodes.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

export function sniffEncoding(bytes: Uint8Array): TextEncodingName {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n >= 4) {
    let oddNul = 0;
    let evenNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenNul += 1;
      if (bytes[i + 1] === 0) oddNul += 1;
    }
    // ASCII-heavy UTF-16: half the bytes are NUL, on one side.
    if (oddNul > n / 8 && evenNul < oddNul / 4) return 'utf-16le';
    if (evenNul > n / 8 && oddNul < evenNul / 4) return 'utf-16be';
  }
  return validUtf8(bytes) ? 'utf-8' : 'windows-1258';
}

/** Whether the bytes are well-formed UTF-8 (a sequence cut at the very end is fine). */
export function validUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const x = bytes[i]!;
    if (x < 0x80) {
      i += 1;
      continue;
    }
    let len: number;
    if (x >= 0xc2 && x <= 0xdf) len = 2;
    else if (x >= 0xe0 && x <= 0xef) len = 3;
    else if (x >= 0xf0 && x <= 0xf4) len = 4;
    else return false;
    for (let k = 1; k < len; k++) {
      if (i + k >= n) return true;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += len;
  }
  return true;
}

/** The separator of a delimited text: the one splitting the top lines most evenly. */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const lines = text.split(/\r?\n/, 40).filter((l) => l.trim() !== '');
  let best: ',' | ';' | '\t' = ',';
  let bestScore = -1;
  for (const d of ['\t', ';', ','] as const) {
    const freq = new Map<number, number>();
    for (const l of lines) {
      const c = l.split(d).length - 1;
      if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    // Header and data lines share one count; title lines and quoted separators do not.
    let score = 0;
    for (const [count, times] of freq) score = Math.max(score, times * 1000 + count);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}
