// A settings schema's failure as one issue per field, for forms that show each error next to
// its field (recognition thresholds, care rules, pipeline stages, loyalty tiers).
import * as z from 'zod/mini';
import { nameKey } from './text';

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

/**
 * One issue per entry of `list` (at `path`, e.g. `stages`) whose id, or whose name with
 * accents and case ignored, an earlier entry already has.
 */
export function repeatedIdsAndNames(
  list: readonly { id: string; name: string }[],
  path: string,
  noun: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  list.forEach((entry, i) => {
    const idAt = ids.get(entry.id);
    if (idAt !== undefined) {
      issues.push({
        field: `${path}.${i}.id`,
        message: `${path}.${i}.id: "${entry.id}" is already ${noun} ${idAt + 1}’s id`,
      });
    } else ids.set(entry.id, i);
    const key = nameKey(entry.name);
    const nameAt = names.get(key);
    if (nameAt !== undefined) {
      issues.push({
        field: `${path}.${i}.name`,
        message: `${path}.${i}.name: "${entry.name}" is already the name of ${noun} ${nameAt + 1}`,
      });
    } else names.set(key, i);
  });
  return issues;
}

/** The id of an entry in a manager's list (a stage, a tier). */
export const ListEntryIdSchema = z
  .string({ error: 'id must be text' })
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,60}$/, { error: 'id must be 1-60 of A-Z a-z 0-9 _ . : -' }));

/** The name an entry of a manager's list shows (a stage, a tier). */
export const ListEntryNameSchema = z
  .string({ error: 'name must be text' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'name must not be empty' }),
    z.maxLength(40, { error: 'name must be at most 40 characters' }),
  );
