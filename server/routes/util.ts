import type { MutationResult } from '../../core/api/schemas';
import { ID_PATTERN } from '../../core/sync/mutations';
import type { AppContext } from '../app';
import { ApiError } from '../errors';

/** REST writes are single logical operations: a rejected mutation becomes the HTTP error. */
export function throwIfRejected(results: MutationResult[]): void {
  for (const r of results)
    if (r.status === 'rejected') throw new ApiError(r.error.code, r.error.message);
}

/**
 * A row id from the path. Ids are only ever made through ID_PATTERN, so anything else names
 * no row: 404 at once. A NUL (`/v1/templates/%00`) reached PostgreSQL as a text parameter and
 * failed there with a 500.
 */
export function idParam(c: AppContext, what: string): string {
  const id = c.req.param('id') ?? '';
  if (!ID_PATTERN.test(id)) throw new ApiError('not_found', `${what} does not exist`);
  return id;
}
