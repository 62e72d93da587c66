// A settings schema's failure as one issue per field, for forms that show each error next to
// its field (recognition thresholds, care rules, pipeline stages, loyalty tiers).
import type * as z from 'zod/mini';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `tiers.2.minSpend`; `(root)` for the whole. */
  field: string;
  message: string;
}

/** Each issue names its field; an unknown key is called "not <what>". */
export function fieldIssues(error: z.core.$ZodError, what: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = at ? `${at}.${key}` : key;
        issues.push({ field, message: `${field} is not ${what}` });
      }
      continue;
    }
    const field = at || '(root)';
    issues.push({
      field,
      message: issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`,
    });
  }
  return issues;
}
