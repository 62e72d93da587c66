import type { MutationResult } from '../../core/api/schemas';
import { ApiError } from '../errors';

/** REST writes are single logical operations: a rejected mutation becomes the HTTP error. */
export function throwIfRejected(results: MutationResult[]): void {
  for (const r of results)
    if (r.status === 'rejected') throw new ApiError(r.error.code, r.error.message);
}
