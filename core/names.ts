// Name similarity, only ever to *suggest* that two customers may be one person: the agent
// confirms. Keys are diacritics-insensitive and NBSP-normalised (core/text nameKey).
import { nameKey } from './text';

/** Kinship / politeness words Vietnamese display names often carry ("Chị Lan", "a Tuấn"). */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'anh',
  'chi',
  'em',
  'co',
  'chu',
  'bac',
  'di',
  'cau',
  'ong',
  'ba',
  'a',
  'c',
  'e',
  'mr',
  'mrs',
  'ms',
  'miss',
  'shop',
]);

/** Words of a name without honorifics, emoji or punctuation. */
export function nameTokens(name: string): string[] {
  const words = nameKey(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const core = words.filter((w, i) => !(i === 0 && HONORIFICS.has(w) && words.length > 1));
  return core;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = ` ${s} `;
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function dice(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  let total = 0;
  for (const [g, n] of x) {
    shared += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * 0..1: how alike two display names are, ignoring diacritics, case, spacing, honorifics
 * and word order. 1 means the same key.
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const ka = ta.join(' ');
  const kb = tb.join(' ');
  if (ka === kb) return 1;
  const sorted = (t: string[]) => [...t].sort().join(' ');
  const order = dice(sorted(ta), sorted(tb));
  // Vietnamese names are read from the given name (last word) back: "Lan" vs "Nguyễn Thị
  // Lan" shares the given name, a strong but partial hint.
  const given = ta[ta.length - 1] === tb[tb.length - 1];
  // Distinct words on both sides, so the score is the same whichever name comes first
  // ("J" vs "J J" once scored 0.9 one way and 0.8 the other).
  const setA = new Set(ta);
  const setB = new Set(tb);
  const common = [...setB].filter((w) => setA.has(w)).length;
  const overlap = common / Math.max(setA.size, setB.size);
  const contained = common === Math.min(setA.size, setB.size) && given ? 0.8 : 0;
  return Math.min(0.99, Math.max(dice(ka, kb), order, overlap * 0.9, contained));
}

export interface NameCandidate {
  id: string;
  name: string;
}

export interface NameMatchSuggestion {
  id: string;
  name: string;
  score: number;
  /** `same-key`: identical without diacritics; `similar`: close but not identical. */
  kind: 'same-key' | 'similar';
}

/**
 * Customers whose names look like `name`, best first, for the agent to confirm. This
 * never merges anything; the caller shows the suggestions and the agent decides.
 */
export function suggestNameMatches(
  name: string,
  candidates: Iterable<NameCandidate>,
  options: { minScore?: number; limit?: number; excludeId?: string } = {},
): NameMatchSuggestion[] {
  const minScore = options.minScore ?? 0.75;
  const limit = options.limit ?? 5;
  const out: NameMatchSuggestion[] = [];
  for (const c of candidates) {
    if (c.id === options.excludeId) continue;
    const score = nameSimilarity(name, c.name);
    if (score < minScore) continue;
    out.push({ id: c.id, name: c.name, score, kind: score === 1 ? 'same-key' : 'similar' });
  }
  out.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return out.slice(0, limit);
}
