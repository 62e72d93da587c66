// One suggested reply as the sidebar receives it. Its own module so the content scripts
// (which validate the CustomerView) carry this schema and nothing else of the templates.
import * as z from 'zod/mini';

/** `text` is exactly what will be inserted: every variable already filled. */
export const ReplySuggestionSchema = z.object({
  templateId: z.string(),
  title: z.string(),
  text: z.string().check(z.minLength(1), z.maxLength(5000)),
  shortcut: z.optional(z.string()),
});
export type ReplySuggestion = z.infer<typeof ReplySuggestionSchema>;
