// What the sidebar and the options page show about syncing with the team server.
import * as z from 'zod/mini';

export const SyncStatusSchema = z.discriminatedUnion('state', [
  /** No team server: everything stays on this machine. */
  z.object({ state: z.literal('local') }),
  /** Connected, nothing waiting; `at` is the last successful exchange. */
  z.object({ state: z.literal('synced'), at: z.number() }),
  /** Connected, `count` local changes not yet confirmed by the server. */
  z.object({ state: z.literal('pending'), count: z.number() }),
  /** The server cannot be reached; changes wait locally and are retried at `retryAt`. */
  z.object({ state: z.literal('offline'), count: z.number(), retryAt: z.number() }),
  /** The server refused us (token revoked, a change rejected…): `reason` says what. */
  z.object({
    state: z.literal('error'),
    code: z.string(),
    reason: z.string().check(z.maxLength(500)),
    count: z.number(),
  }),
]);
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** Who we are on the team server, as `GET /v1/me` says. */
export const MeSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  memberId: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'manager', 'agent']),
});
export type Me = z.infer<typeof MeSchema>;

export const ConnectRequestSchema = z.object({
  url: z
    .string()
    .check(
      z.maxLength(500),
      z.regex(
        /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
        'expected a server address like https://crm.example.vn',
      ),
    ),
  token: z
    .string()
    .check(z.trim(), z.minLength(10, 'expected the token the admin CLI printed'), z.maxLength(500)),
});
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;
