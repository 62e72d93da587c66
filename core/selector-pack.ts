// Selectors are data: one versioned pack per platform, bundled with the extension, that a
// team server may replace with a newer one so a host-site change can be fixed without a
// store release. A pack holds CSS selectors and strings only — never code.
import * as z from 'zod/mini';

const css = z.string().check(z.minLength(1), z.maxLength(500));

/**
 * One way to find an anchor, and which host build it serves (the "comment"). The bundled
 * packs keep that as a code comment (it would cost every content script ~1 KB gzip); a pack
 * edited on the team server may carry it as data.
 */
export const SelectorSchema = z.object({
  css,
  serves: z.optional(z.string().check(z.maxLength(300))),
});

export const SelectorPackSchema = z.object({
  platform: z.enum(['meta', 'zalo']),
  /** `YYYY.MM.DD` or `YYYY.MM.DD-n`: newer packs sort later. */
  version: z.string().check(z.regex(/^\d{4}\.\d{2}\.\d{2}(-\d+)?$/)),
  /** Ordered fallbacks per anchor: the first selector that matches wins. */
  anchors: z.record(z.string(), z.array(SelectorSchema).check(z.minLength(1), z.maxLength(12))),
  /** Localized strings the adapter matches (e.g. "Sent by " prefixes), per key. */
  strings: z.record(z.string(), z.array(z.string().check(z.maxLength(200))).check(z.maxLength(40))),
});
export type SelectorPack = z.infer<typeof SelectorPackSchema>;

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
 * Validates a pack against the shape and against the anchors and strings its adapter needs.
 * `isValidCss` is injected (the content script uses the browser's own parser).
 */
export function checkPack(
  input: unknown,
  need: PackNeed,
  isValidCss: (selector: string) => boolean,
): PackCheck {
  const r = checkPackAt(input, need, isValidCss);
  return r.ok ? r : { ok: false, error: r.error };
}

/** `checkPack`, saying where: the team server answers 400 naming the field. */
export function checkPackAt(
  input: unknown,
  need: PackNeed,
  isValidCss: (selector: string) => boolean,
): PackCheckAt {
  const parsed = SelectorPackSchema.safeParse(input);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') || '(root)';
    return { ok: false, error: `invalid pack at ${path}`, path };
  }
  const pack = parsed.data;
  if (pack.platform !== need.platform) {
    return {
      ok: false,
      error: `pack is for ${pack.platform}, not ${need.platform}`,
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
    for (const [i, s] of selectors.entries()) {
      if (!isValidCss(s.css))
        return {
          ok: false,
          error: `anchor "${anchor}": bad selector ${JSON.stringify(s.css)}`,
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
