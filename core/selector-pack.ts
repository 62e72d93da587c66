// Selectors are data: one versioned pack per platform, bundled with the extension, that a
// team server may replace with a newer one so a host-site change can be fixed without a
// store release. A pack holds CSS selectors and strings only — never code.
import * as z from 'zod/mini';
import { checkPackNeeds, type PackCheck, type PackCheckAt, type PackNeed } from './pack-needs';

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

export type { PackCheck, PackCheckAt, PackNeed } from './pack-needs';
export { isNewerPack } from './pack-needs';

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
  return checkPackNeeds(parsed.data, need, isValidCss);
}
