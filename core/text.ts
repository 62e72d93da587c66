// Text normalisation shared by the extension and the server.

/** NBSP and other odd spaces to plain spaces, runs collapsed, ends trimmed. */
export function normalizeSpaces(input: string): string {
  return input
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A diacritics-insensitive key for search and for *suggesting* matches: "Chị Lan Phụ Tùng"
 * and "chi lan phu tung" share one. Never a reason to merge on its own.
 */
export function nameKey(input: string): string {
  return normalizeSpaces(input)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Local calendar day `YYYY-MM-DD` of an epoch-ms instant in a fixed UTC offset. */
export function dayKey(epochMs: number, utcOffsetMinutes = 7 * 60): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return d.toISOString().slice(0, 10);
}
