// Reply templates: their schema, the variables a body may use, and filling a body with one
// customer's values. Pure and zod/mini only: the sidebar imports the suggestion schema.
import * as z from 'zod/mini';
import { IntentSchema } from './intent';
import { HONORIFICS } from './names';
import { RowIdSchema } from './sync/mutations';
import { nameKey, normalizeSpaces } from './text';

/** The statuses a template can target; none listed means any. */
export const SEGMENTS = ['new', 'returning', 'customer', 'vip', 'lapsed'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const VARIABLES = [
  'ten_khach',
  'xung_ho',
  'ten_shop',
  'san_pham_gan_nhat',
  'so_don',
  'ngay_mua_gan_nhat',
  'ten_nhan_vien',
  // Loyalty tiers (issue 9): the tier's name, and "350.000đ để lên hạng Vàng".
  'hang',
  'con_thieu_len_hang',
] as const;
export type Variable = (typeof VARIABLES)[number];
export type TemplateVars = Partial<Record<Variable, string>>;

/**
 * What a variable becomes when it has no value and the body gives no `{name|fallback}`.
 * Variables without a default are dropped, and the template counts as not fully filled.
 */
export const VARIABLE_DEFAULTS: Partial<Record<Variable, string>> = {
  xung_ho: 'bạn',
  ten_shop: 'shop',
};

/** How the shop may address a customer; '' means "not set" (the default applies). */
export const XUNG_HO = ['anh', 'chị', 'bạn', 'em', ''] as const;
export type XungHo = (typeof XUNG_HO)[number];

// `{name}` or `{name|fallback}`; a fallback cannot hold braces or another bar.
const PLACEHOLDER = /\{([^{}|]*)(?:\|([^{}|]*))?\}/g;

/** Names inside `{…}` that are not variables, each once, in order. */
export function unknownVariables(body: string): string[] {
  const unknown = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) {
    const name = m[1]!.trim();
    if (!(VARIABLES as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/** A `{` or `}` that does not belong to a well-formed placeholder. */
export const hasStrayBraces = (body: string): boolean => /[{}]/.test(body.replace(PLACEHOLDER, ''));

/** Why a body cannot be used: unknown variables, stray braces. Empty when it is fine. */
export function templateBodyIssues(body: string): string[] {
  const issues = unknownVariables(body).map((name) =>
    name
      ? `unknown variable {${name}}; use one of ${VARIABLES.map((v) => `{${v}}`).join(', ')}`
      : 'empty variable {}',
  );
  if (hasStrayBraces(body)) {
    issues.push('unmatched { or }: write variables as {ten_khach} or {ten_khach|fallback}');
  }
  return issues;
}

const TemplateBody = z.string().check(
  z.trim(),
  z.minLength(1, { error: 'body must not be empty' }),
  z.maxLength(2000, { error: 'body must be at most 2000 characters' }),
  z.superRefine((body, ctx) => {
    for (const message of templateBodyIssues(body))
      ctx.issues.push({ code: 'custom', message, input: body });
  }),
);

export const ShortcutSchema = z.string().check(
  z.regex(/^[a-z0-9_-]{1,20}$/, {
    error: 'shortcut must be 1-20 of a-z 0-9 _ - (typed as /shortcut)',
  }),
);

const uniqueList = <T extends z.ZodMiniType>(item: T, max: number) =>
  z.array(item).check(
    z.maxLength(max),
    z.refine((list) => new Set(list).size === list.length, { error: 'listed twice' }),
  );

export const TemplateIdSchema = RowIdSchema;

export const ReplyTemplateSchema = z.object({
  id: TemplateIdSchema,
  title: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: 'title must not be empty' }),
      z.maxLength(80, { error: 'title must be at most 80 characters' }),
    ),
  body: TemplateBody,
  segments: uniqueList(z.enum(SEGMENTS), SEGMENTS.length),
  intents: uniqueList(IntentSchema, 9),
  shortcut: z.optional(ShortcutSchema),
  builtin: z.boolean(),
  /** The team's: kept on the team server (managers edit it), pulled to every member. */
  shared: z.optional(z.boolean()),
  updatedAt: z.number().check(z.int(), z.nonnegative()),
});
export type ReplyTemplate = z.infer<typeof ReplyTemplateSchema>;

/** What the editor sends: a new template has no id; builtin and updatedAt are ours to set. */
export const TemplateInputSchema = z.object({
  id: z.optional(TemplateIdSchema),
  title: ReplyTemplateSchema.shape.title,
  body: TemplateBody,
  segments: ReplyTemplateSchema.shape.segments,
  intents: ReplyTemplateSchema.shape.intents,
  shortcut: z.optional(z.union([ShortcutSchema, z.literal('')])),
  /** A new template for the whole team (on the team server); ignored for an existing one. */
  shared: z.optional(z.boolean()),
});
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

export { type ReplySuggestion, ReplySuggestionSchema } from './reply-suggestion';

export interface FilledTemplate {
  text: string;
  /** Variables that had no value, no fallback and no default: dropped from the text. */
  missing: Variable[];
}

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/**
 * The body with every variable replaced: its value, else the inline fallback, else the
 * variable's default, else nothing (the sentence is tidied around the gap and the variable
 * reported missing). Never leaves a `{…}` behind; a value at the start of a sentence is
 * capitalised ("Chị ơi"), elsewhere it stays as given ("Dạ chị").
 */
export function fillTemplate(body: string, vars: TemplateVars): FilledTemplate {
  const missing: Variable[] = [];
  let text = body.replace(
    PLACEHOLDER,
    (_, rawName: string, fallback: string | undefined, at: number) => {
      const name = rawName.trim() as Variable;
      const given = vars[name]?.trim();
      let value = given || fallback?.trim() || VARIABLE_DEFAULTS[name] || '';
      if (!value && !missing.includes(name)) missing.push(name);
      if (value && startsSentence(body, at)) value = upperFirst(value);
      return value;
    },
  );
  // Anything left that looks like a placeholder (an unknown name the editor let through
  // in an old row) goes too: the customer must never see braces.
  text = text.replace(/\{[^{}]*\}/g, '');
  return { text: tidy(text), missing };
}

function startsSentence(body: string, at: number): boolean {
  const before = body.slice(0, at).replace(/[ \t]+$/, '');
  return before === '' || /[.!?\n]$/.test(before);
}

/** Spaces and punctuation left doubled or dangling by a dropped variable. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/\( *\)/g, '')
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/ +([,.!?;:)])/g, '$1')
        .replace(/,\s*([,.!?])/g, '$1')
        .replace(/^[ ,;:]+/, '')
        .trimEnd(),
    )
    .join('\n')
    .trim();
}

const SURNAMES = new Set([
  'nguyen',
  'tran',
  'le',
  'pham',
  'hoang',
  'huynh',
  'phan',
  'vu',
  'vo',
  'dang',
  'bui',
  'do',
  'ho',
  'ngo',
  'duong',
  'ly',
  'dinh',
  'truong',
  'mai',
  'trinh',
  'doan',
  'lam',
  'luong',
  'ha',
  'cao',
  'ta',
]);

/**
 * The name to call a customer by: Vietnamese full names are called by the given name, the
 * last word ("Nguyễn Thu Hà" → "Hà"); a leading honorific is not part of it ("Chị Lan
 * Phương" → "Phương"). A single word or a non-Vietnamese name keeps its first word.
 */
export function callName(displayName: string): string {
  const words = normalizeSpaces(displayName)
    .split(' ')
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => /\p{L}/u.test(w));
  if (words.length > 1 && HONORIFICS.has(nameKey(words[0]!).replace(/\.$/, ''))) words.shift();
  if (words.length === 0) return '';
  const vietnamese =
    words.length > 1 &&
    (SURNAMES.has(nameKey(words[0]!)) || words.some((w) => nameKey(w) !== w.toLowerCase()));
  return (vietnamese ? words[words.length - 1] : words[0])!.slice(0, 40);
}

/** A salutation the display name itself carries ("Chị Lan" → chị, "A Tuấn" → anh). */
export function xungHoFromName(displayName: string): XungHo {
  const first = nameKey(normalizeSpaces(displayName).split(' ')[0] ?? '').replace(/\.$/, '');
  const words = normalizeSpaces(displayName).split(' ').length;
  if (words < 2) return '';
  if (first === 'chi' || first === 'c') return 'chị';
  if (first === 'anh' || first === 'a') return 'anh';
  if (first === 'em' || first === 'e') return 'em';
  return '';
}
