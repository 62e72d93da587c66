// The team server's HTTP API contract: request bodies and queries (validated by the server,
// reusable by the extension's client) and the response shapes.
import * as z from 'zod/mini';
import { type SelectorPack, SelectorPackSchema } from '../selector-pack';
import { PlatformSchema } from '../snapshot';
import { ColorSchema, LabelNameSchema, MutationSchema, RowIdSchema } from '../sync/mutations';
import type { TableName } from '../sync/state';
import type { Customer, Identity, Label, Note, Template } from '../sync/views';

export const API_VERSION = 'v1';
export const ROLES = ['owner', 'manager', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface ApiError {
  error: { code: ErrorCode; message: string; details?: unknown };
}

// Limits (the server enforces them; clients can read them to size their batches).
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PULL_LIMIT = 5_000;
export const DEFAULT_PULL_LIMIT = 1_000;

const TemplateTitle = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
const TemplateBody = z.string().check(z.minLength(1), z.maxLength(5_000));
const Tags = z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(50));
const intString = (max: number) =>
  z.string().check(
    z.regex(/^\d{1,9}$/, 'expected a whole number'),
    z.refine((s) => {
      const n = Number(s);
      return n >= 1 && n <= max;
    }, `expected a number from 1 to ${max}`),
  );
// A real calendar day: `2026-13-45` passed the shape check and crashed the stats handler
// (an Invalid Date reached toISOString: a 500); `2026-02-30` was refused under the other field.
const Day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day YYYY-MM-DD'),
  z.refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(s);
  }, 'expected a real calendar day YYYY-MM-DD'),
);

const nonEmpty = (o: Record<string, unknown>) => Object.values(o).some((v) => v !== undefined);

export const LabelCreateBody = z.strictObject({
  id: z.optional(RowIdSchema),
  name: LabelNameSchema,
  color: ColorSchema,
  order: z.optional(z.number().check(z.int())),
});
export const LabelPatchBody = z
  .strictObject({
    name: z.optional(LabelNameSchema),
    color: z.optional(ColorSchema),
    order: z.optional(z.number().check(z.int())),
    archived: z.optional(z.boolean()),
  })
  .check(z.refine(nonEmpty, 'expected at least one of name, color, order, archived'));
export const LabelReorderBody = z.strictObject({
  ids: z.array(RowIdSchema).check(z.minLength(1), z.maxLength(500)),
});

export const TemplateCreateBody = z.strictObject({
  id: z.optional(RowIdSchema),
  title: TemplateTitle,
  body: TemplateBody,
  segments: z.optional(Tags),
  intents: z.optional(Tags),
});
export const TemplatePatchBody = z
  .strictObject({
    title: z.optional(TemplateTitle),
    body: z.optional(TemplateBody),
    segments: z.optional(Tags),
    intents: z.optional(Tags),
    archived: z.optional(z.boolean()),
  })
  .check(z.refine(nonEmpty, 'expected at least one of title, body, segments, intents, archived'));

export const ListQuery = z.strictObject({
  archived: z.optional(z.enum(['0', '1', 'true', 'false'])),
});

export const MemberInviteBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  role: z.enum(['manager', 'agent']),
});

/** A member's new role; the owner stays the owner. */
export const MemberRoleBody = z.strictObject({ role: z.enum(['manager', 'agent']) });

/** Either `phone`, or `platform` + `accountId` + `externalId` (the server says which is missing). */
export const LookupQuery = z.strictObject({
  platform: z.optional(PlatformSchema),
  accountId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  externalId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  phone: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
});

export const PushBody = z.strictObject({
  mutations: z.array(MutationSchema).check(z.minLength(1), z.maxLength(MAX_PUSH_MUTATIONS)),
});

/**
 * Pull cursors are opaque to clients. Without `since` the server starts a snapshot of every
 * row; a snapshot page's cursor looks like `s~<seq>~<table>~<afterId>` and the last one is
 * a plain change-log position (`<seq>`), which later pulls continue from.
 */
export const CURSOR_PATTERN = /^(\d{1,15}|s~\d{1,15}~\d~[A-Za-z0-9_.:|-]{0,401})$/;
export const PullQuery = z.strictObject({
  since: z.optional(
    z.string().check(z.regex(CURSOR_PATTERN, 'expected a cursor from an earlier pull')),
  ),
  limit: z.optional(intString(MAX_PULL_LIMIT)),
});

// ---- bootstrap snapshot (GET /v1/sync/snapshot) -------------------------------------
/** Rows per snapshot page: a fresh install takes the team in a few dozen big pages. */
export const MAX_SNAPSHOT_LIMIT = 50_000;
export const DEFAULT_SNAPSHOT_LIMIT = 10_000;
/**
 * A snapshot cursor: `<seq>~<table index>~<last id>`. `seq` is the change-log position when
 * the snapshot started; `/v1/sync/pull?since=<seq>` continues after the last page.
 */
export const SNAPSHOT_CURSOR_PATTERN = /^\d{1,15}~\d~[A-Za-z0-9_.:|-]{0,401}$/;
export const SnapshotQuery = z.strictObject({
  after: z.optional(
    z.string().check(z.regex(SNAPSHOT_CURSOR_PATTERN, 'expected a cursor from an earlier page')),
  ),
  limit: z.optional(intString(MAX_SNAPSHOT_LIMIT)),
});
/**
 * Tables whose snapshot rows come without per-field clocks: no view of them reads one, and
 * a fresh replica has no edits of its own to merge with them (any it makes meanwhile are
 * pushed and come back, merged, through the change log).
 */
export const SNAPSHOT_UNCLOCKED: readonly TableName[] = ['customers', 'identities', 'touchpoints'];
/**
 * The clocks an unclocked table still sends, because a view reads them: a customer's
 * pipeline stage is shown with the stamp of the agent's choice (core/sync/views).
 */
export const SNAPSHOT_KEPT_CLOCKS: Partial<Record<TableName, readonly string[]>> = {
  customers: ['stage'],
};
/**
 * One page of a team's current rows, for a client that holds none yet. `rows` are
 * `[id, fields]` (tables in SNAPSHOT_UNCLOCKED) or `[id, fields, clocks]` per table.
 */
export interface SnapshotPage {
  /** Change-log position the snapshot was taken at. */
  seq: number;
  /** The next page's `after`; on the last page, the `since` for /v1/sync/pull. */
  cursor: string;
  hasMore: boolean;
  tables: {
    t: TableName;
    rows: (
      | [string, Record<string, unknown>]
      | [string, Record<string, unknown>, Record<string, string>]
    )[];
  }[];
}

/** Host platforms a team can serve a selector pack for (`/v1/selector-packs/:platform`). */
export const PackPlatformSchema = SelectorPackSchema.shape.platform;
export type PackPlatform = z.infer<typeof PackPlatformSchema>;
/** `PUT /v1/selector-packs/:platform`: the pack itself (its `platform` must match the path). */
export const SelectorPackPutBody = SelectorPackSchema;

export const StatsQuery = z.strictObject({
  from: z.optional(Day),
  to: z.optional(Day),
});

// ---- responses ---------------------------------------------------------------------

export interface Me {
  teamId: string;
  teamName: string;
  memberId: string;
  name: string;
  role: Role;
}
export interface Member {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  revoked: boolean;
}
export interface CreatedToken {
  memberId: string;
  token: string;
}
export interface LookupMatch {
  customer: Customer;
  identities: Identity[];
  labelIds: string[];
  notes: Note[];
  /** Distinct days with a touchpoint, all platforms. */
  contactDays: number;
}
export interface LookupResponse {
  matches: LookupMatch[];
}
export type MutationResult =
  | { id: string; status: 'applied' | 'duplicate'; seq: number }
  | { id: string; status: 'rejected'; error: { code: ErrorCode; message: string } };
export interface PushResponse {
  results: MutationResult[];
  /** The team's change-log position after this push. */
  seq: number;
}
export interface WireRow {
  t: TableName;
  id: string;
  /** Change-log position of the last change to this row; keep the row with the higher one. */
  seq: number;
  f: Record<string, unknown>;
  c: Record<string, string>;
}
export interface ChangeInfo {
  seq: number;
  mutationId: string;
  kind: string;
  memberId: string;
  hlc: string;
}
export interface PullResponse {
  cursor: string;
  hasMore: boolean;
  snapshot: boolean;
  rows: WireRow[];
  changes: ChangeInfo[];
}
/** `GET /v1/selector-packs/:platform`: the team's newest pack, or null when none is stored. */
export interface SelectorPackResponse {
  pack: SelectorPack | null;
}
export interface StatsBucket {
  new: number;
  returning: number;
}
export interface StatsResponse {
  from: string;
  to: string;
  totals: StatsBucket;
  days: (StatsBucket & { day: string })[];
  channels: (StatsBucket & { platform: string })[];
  agents: (StatsBucket & { memberId: string; name: string })[];
}
export type { Label, Template };
