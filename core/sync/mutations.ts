// The mutations a client (extension or the server's own REST handlers) can apply to a team's
// shared state. Every mutation carries a client-generated id (applied exactly once) and a
// hybrid logical clock stamp (orders concurrent edits). zod/mini keeps this cheap enough to
// share with the extension.
import * as z from 'zod/mini';
import { CareKindSchema } from '../care/types';
import { PlatformSchema } from '../snapshot';
import { HLC_PATTERN } from './hlc';

/** Row ids are client-generated (UUIDs in practice). `|` is reserved for composite keys. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;
export const RowIdSchema = z
  .string()
  .check(z.regex(ID_PATTERN, 'expected an id: 1-200 of A-Z a-z 0-9 _ . : -'));
export const MutationIdSchema = z
  .string()
  .check(z.regex(ID_PATTERN, 'expected a mutation id: 1-200 of A-Z a-z 0-9 _ . : -'));
export const HlcSchema = z
  .string()
  .check(z.regex(HLC_PATTERN, 'expected an HLC stamp <15-digit ms>-<5-digit counter>-<node>'));

const epochMs = z.number().check(z.int(), z.nonnegative());
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const ColorSchema = z
  .string()
  .check(z.regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #1a2b3c'));
export const LabelNameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(50));
const E164 = z
  .string()
  .check(z.regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number like +84912345678'));
const email = z
  .string()
  .check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+$/, 'expected an e-mail address'));
const shortText = z.string().check(z.maxLength(300));
const tags = z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(50));

export const CustomerUpsertSchema = z.object({
  id: RowIdSchema,
  displayName: z.optional(shortText),
  phones: z.optional(z.array(E164).check(z.maxLength(20))),
  emails: z.optional(z.array(email).check(z.maxLength(20))),
  firstSeenAt: z.optional(epochMs),
  firstSeenPlatform: z.optional(PlatformSchema),
  lastSeenAt: z.optional(epochMs),
  /** `MM-DD` or `YYYY-MM-DD`; null clears it. */
  birthday: z.optional(
    z.nullable(
      z
        .string()
        .check(z.regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'expected a birthday MM-DD or YYYY-MM-DD')),
    ),
  ),
});

export const IdentityUpsertSchema = z.object({
  id: RowIdSchema,
  customerId: RowIdSchema,
  platform: PlatformSchema,
  accountId: z.string().check(z.minLength(1), z.maxLength(200)),
  externalId: z.string().check(z.minLength(1), z.maxLength(200)),
  idConfidence: z.enum(['strong', 'weak']),
  displayName: z.optional(shortText),
  avatarUrl: z.optional(z.nullable(z.string().check(z.maxLength(2048)))),
  firstSeenAt: z.optional(epochMs),
  lastSeenAt: z.optional(epochMs),
});

export const TouchpointRecordSchema = z.object({
  /** One row per identity per local day; clients derive it, e.g. `<identityId>:<day>`. */
  id: RowIdSchema,
  customerId: RowIdSchema,
  identityId: RowIdSchema,
  platform: PlatformSchema,
  day: z.string().check(z.regex(DAY, 'expected a day YYYY-MM-DD')),
  at: epochMs,
  /** Sightings folded into this mutation. */
  count: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10_000))),
});

export const LabelCreateSchema = z.object({
  id: RowIdSchema,
  name: LabelNameSchema,
  color: ColorSchema,
  order: z.optional(z.number().check(z.int())),
});
export const LabelUpdateSchema = z.object({
  id: RowIdSchema,
  name: z.optional(LabelNameSchema),
  color: z.optional(ColorSchema),
  order: z.optional(z.number().check(z.int())),
});
export const ArchiveSchema = z.object({ id: RowIdSchema, archived: z.boolean() });
export const LabelReorderSchema = z.object({
  ids: z.array(RowIdSchema).check(z.minLength(1), z.maxLength(500)),
});
export const LabelAssignSchema = z.object({ customerId: RowIdSchema, labelId: RowIdSchema });
export const LabelUnassignSchema = z.object({
  customerId: RowIdSchema,
  labelId: RowIdSchema,
  /** The assignment tags (ids of the assign mutations) this client had seen. */
  tags: z.array(MutationIdSchema).check(z.minLength(1), z.maxLength(200)),
});

export const NoteAddSchema = z.object({
  id: RowIdSchema,
  customerId: RowIdSchema,
  text: z.string().check(z.minLength(1), z.maxLength(10_000)),
  pinned: z.optional(z.boolean()),
  /** Member id of the writer. The server overwrites it with the authenticated member. */
  author: z.optional(RowIdSchema),
});
export const NoteEditSchema = z.object({
  id: RowIdSchema,
  text: z.optional(z.string().check(z.minLength(1), z.maxLength(10_000))),
  pinned: z.optional(z.boolean()),
});
export const NoteDeleteSchema = z.object({ id: RowIdSchema });

export const TemplateCreateSchema = z.object({
  id: RowIdSchema,
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  body: z.string().check(z.minLength(1), z.maxLength(5_000)),
  segments: z.optional(tags),
  intents: z.optional(tags),
});
export const TemplateUpdateSchema = z.object({
  id: RowIdSchema,
  title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
  body: z.optional(z.string().check(z.minLength(1), z.maxLength(5_000))),
  segments: z.optional(tags),
  intents: z.optional(tags),
});

// Care follow-ups (issue 9). An item's id is `<customerId>|<kind>|<occasion>`, the same on
// every device that makes it, so its state converges: last writer (by HLC) wins.
export const CareItemIdSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9_.:|-]{1,300}$/, 'expected a care item id: 1-300 of A-Z a-z 0-9 _ . : | -'),
  );
export const CareStateSchema = z.object({
  id: CareItemIdSchema,
  customerId: RowIdSchema,
  kind: CareKindSchema,
  occasion: z.string().check(z.minLength(1), z.maxLength(200)),
  dueAt: epochMs,
  state: z.enum(['open', 'done', 'snoozed', 'dismissed']),
  snoozeUntil: z.optional(epochMs),
  dismissReason: z.optional(shortText),
  templateId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Why it is due (CareReason), so a device that never made the item can show it. */
  reason: z.optional(z.record(z.string(), z.unknown())),
});
export const CareReminderSchema = z.object({
  /** `<customerId>|reminder|<occasion>`. */
  id: CareItemIdSchema,
  customerId: RowIdSchema,
  occasion: z.string().check(z.minLength(1), z.maxLength(200)),
  dueAt: epochMs,
  note: z.string().check(z.maxLength(500)),
  /** Member id it is for; the server refuses one who is not in the team. */
  assignee: z.optional(RowIdSchema),
  /** Member id of the writer; the server overwrites it with the authenticated member. */
  createdBy: z.optional(RowIdSchema),
});

// Pipeline (issue 9): an agent's choice of stage for a customer, last writer wins by HLC.
// Signals are not synced: every replica derives them from the rows it already has.
export const CustomerStageSchema = z.object({
  customerId: RowIdSchema,
  stageId: RowIdSchema,
  setBy: z.literal('agent'),
  /** The agent's name as shown in the history (the server keeps what was sent). */
  by: z.optional(z.string().check(z.maxLength(120))),
  at: epochMs,
});

const envelope = { id: MutationIdSchema, hlc: HlcSchema };
const kind = <K extends string, S extends z.ZodMiniType>(k: K, data: S) =>
  z.object({ ...envelope, kind: z.literal(k), data });

export const MutationSchema = z.discriminatedUnion('kind', [
  kind('customer.upsert', CustomerUpsertSchema),
  kind('identity.upsert', IdentityUpsertSchema),
  kind('touchpoint.record', TouchpointRecordSchema),
  kind('label.create', LabelCreateSchema),
  kind('label.update', LabelUpdateSchema),
  kind('label.archive', ArchiveSchema),
  kind('label.reorder', LabelReorderSchema),
  kind('label.assign', LabelAssignSchema),
  kind('label.unassign', LabelUnassignSchema),
  kind('note.add', NoteAddSchema),
  kind('note.edit', NoteEditSchema),
  kind('note.delete', NoteDeleteSchema),
  kind('template.create', TemplateCreateSchema),
  kind('template.update', TemplateUpdateSchema),
  kind('template.archive', ArchiveSchema),
  kind('care.state', CareStateSchema),
  kind('care.reminder', CareReminderSchema),
  // Pipeline (issue 9)
  kind('customer.stage', CustomerStageSchema),
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationKind = Mutation['kind'];
export type MutationOf<K extends MutationKind> = Extract<Mutation, { kind: K }>;

export const MUTATION_KINDS: readonly MutationKind[] = [
  'customer.upsert',
  'identity.upsert',
  'touchpoint.record',
  'label.create',
  'label.update',
  'label.archive',
  'label.reorder',
  'label.assign',
  'label.unassign',
  'note.add',
  'note.edit',
  'note.delete',
  'template.create',
  'template.update',
  'template.archive',
  'care.state',
  'care.reminder',
  // Pipeline (issue 9)
  'customer.stage',
];

/** Kinds only owners and managers may apply: the shared label catalog and templates. */
export const MANAGER_KINDS: ReadonlySet<MutationKind> = new Set<MutationKind>([
  'label.create',
  'label.update',
  'label.archive',
  'label.reorder',
  'template.create',
  'template.update',
  'template.archive',
]);
