// What the sidebar receives about replies: the suggestions and the intents they answer.
// Its own module so the content scripts (which validate the CustomerView) carry these
// schemas and nothing else of the templates or of intent detection.
import * as z from 'zod/mini';

/**
 * Business intents first, then the social ones (greeting, thanks): a message that asks
 * about shipping after "shop ơi" is about shipping. Detection is in core/intent.ts.
 */
export const INTENTS = [
  'price',
  'ship',
  'size',
  'stock',
  'return',
  'complaint',
  'address',
  'greeting',
  'thanks',
] as const;
export type Intent = (typeof INTENTS)[number];
export const IntentSchema = z.enum(INTENTS);

/** `text` is exactly what will be inserted: every variable already filled. */
export const ReplySuggestionSchema = z.object({
  templateId: z.string(),
  title: z.string(),
  text: z.string().check(z.minLength(1), z.maxLength(5000)),
  shortcut: z.optional(z.string()),
});
export type ReplySuggestion = z.infer<typeof ReplySuggestionSchema>;
