// What a selector pack must hold for its adapter, checked without the schema library: the
// content script adopts a served pack the background already checked for shape (with
// zod, in core/selector-pack.ts), and checks here what only the page can: that it names
// every anchor and string the adapter needs, with CSS the browser parses.
import type { SelectorPack } from './selector-pack';
import { isRecord } from './wire-checks';

export type PackCheck = { ok: true; pack: SelectorPack } | { ok: false; error: string };
/** Like PackCheck, and a refusal names the offending field (`anchors.headerName.0.css`). */
export type PackCheckAt =
  | { ok: true; pack: SelectorPack }
  | { ok: false; error: string; path: string };

export interface PackNeed {
  platform: 'meta' | 'zalo';
  anchors: readonly string[];
  strings: readonly string[];
}

/**
 * The pack's anchors and strings against what the adapter needs, and every selector
 * through `isValidCss`. Never throws, whatever `input` is: a pack that is not even shaped
 * like one is refused at its root.
 */
export function checkPackNeeds(
  input: unknown,
  need: PackNeed,
  isValidCss: (selector: string) => boolean,
): PackCheckAt {
  if (!isRecord(input) || !isRecord(input.anchors) || !isRecord(input.strings))
    return { ok: false, error: 'invalid pack at (root)', path: '(root)' };
  const pack = input as unknown as SelectorPack;
  if (pack.platform !== need.platform) {
    return {
      ok: false,
      error: `pack is for ${String(pack.platform)}, not ${need.platform}`,
      path: 'platform',
    };
  }
  for (const anchor of need.anchors) {
    if (!pack.anchors[anchor])
      return { ok: false, error: `pack lacks anchor "${anchor}"`, path: `anchors.${anchor}` };
  }
  for (const key of need.strings) {
    if (!pack.strings[key])
      return { ok: false, error: `pack lacks strings "${key}"`, path: `strings.${key}` };
  }
  for (const [anchor, selectors] of Object.entries(pack.anchors)) {
    if (!Array.isArray(selectors))
      return { ok: false, error: `invalid pack at anchors.${anchor}`, path: `anchors.${anchor}` };
    for (const [i, s] of selectors.entries()) {
      if (typeof s?.css !== 'string' || !isValidCss(s.css))
        return {
          ok: false,
          error: `anchor "${anchor}": bad selector ${JSON.stringify(s?.css ?? null)}`,
          path: `anchors.${anchor}.${i}.css`,
        };
    }
  }
  return { ok: true, pack };
}

/** Is `candidate` newer than `current`? Versions compare as dates, then build number. */
export function isNewerPack(candidate: string, current: string): boolean {
  const key = (v: string) => {
    const [date = '', n = '0'] = v.split('-');
    return [date, Number(n)] as const;
  };
  const [cd, cn] = key(candidate);
  const [d, n] = key(current);
  return cd > d || (cd === d && cn > n);
}
