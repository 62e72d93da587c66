// What every handler answers: ok with its payload, or a refusal in words. No zod here, so
// content scripts can use it without carrying the schema library.

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** A thrown error (or anything thrown) as the failed Result every handler answers with. */
export const refusal = (error: unknown): { ok: false; error: string } => ({
  ok: false,
  error: error instanceof Error ? error.message : String(error),
});
