// The one error shape of the API: {"error":{"code","message","details"}} with its status.
import type { ErrorCode } from '../core/api/schemas';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

type Issue = { path: PropertyKey[]; message: string; code: string };

// zod/mini carries no message locale: say what was wrong here.
function explain(issue: Issue): string {
  const i = issue as Issue & Record<string, unknown>;
  if (i.code === 'unrecognized_keys' && i.message === 'unknown field')
    return `unknown field ${String(i.path[i.path.length - 1])}`;
  if (i.message && i.message !== 'Invalid input') return i.message;
  switch (i.code) {
    case 'invalid_type':
      return `expected ${String(i.expected)}`;
    case 'invalid_value':
      return `expected one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `too big (at most ${String(i.maximum)})`;
    case 'too_small':
      return `too small (at least ${String(i.minimum)})`;
    case 'invalid_union':
      return i.note === 'No matching discriminator'
        ? 'unknown kind'
        : 'matches none of the allowed shapes';
    case 'unrecognized_keys':
      return `unknown field(s) ${(i.keys as string[]).join(', ')}`;
    default:
      return i.message || 'invalid';
  }
}

/** 400 naming every offending field: `details.issues[].path` and the message's first one. */
export function validationError(
  where: 'body' | 'query' | 'pack',
  issues: readonly Issue[],
): ApiError {
  // An unknown field is named by its own path (`team`, `data.colour`), not by the object
  // that holds it: a client can then point at the field it sent, like any other refusal.
  const split = issues.flatMap((i): Issue[] => {
    const keys = (i as Issue & { keys?: unknown }).keys;
    if (i.code !== 'unrecognized_keys' || !Array.isArray(keys)) return [i];
    return keys.map((k) => ({
      path: [...i.path, String(k)],
      code: i.code,
      message: 'unknown field',
    }));
  });
  const list = split.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    code: i.code,
    message: explain(i),
  }));
  const first = list[0];
  const message = first
    ? `invalid ${where}: ${first.path}: ${first.message}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}`
    : `invalid ${where}`;
  return new ApiError('bad_request', message, { issues: list });
}
