// The local database. Every schema version stays registered forever: Dexie upgrades an
// old profile by walking them in order, and the migration tests open each old version.
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import { nameKey } from '@/core/text';
import type {
  CareItemRow,
  CareThreadRow,
  CustomerRow,
  DismissalRow,
  IdentityRow,
  ImportBatchRow,
  ImportJobRow,
  LabelAssignmentRow,
  LabelEventRow,
  LabelRow,
  MergeRow,
  MessageRow,
  NoteRow,
  OrderRow,
  OutboxRow,
  ReplyTemplateRow,
  ReplyUsageRow,
  SalutationRow,
  SettingRow,
  StageRow,
  TemplateRow,
  TouchpointRow,
} from './schema';

export const DB_NAME = 'khach-quen';
export const LATEST_VERSION = 8;

const V1 = {
  customers: 'id, displayName, lastSeenAt',
  identities: 'id, customerId, &[platform+accountId+externalId]',
  touchpoints: 'id, customerId, identityId, day',
  labels: 'id, order',
  labelAssignments: 'id, customerId, labelId, &[customerId+labelId]',
  notes: 'id, customerId, createdAt',
  orders: 'id, customerId, placedAt',
  templates: 'id',
  outbox: '++seq, &mutationId, createdAt',
  settings: 'key',
};

// v2: search by name without diacritics, look customers up by phone/e-mail for
// cross-platform linking, and count contact days per customer cheaply.
const V2 = {
  ...V1,
  customers: 'id, displayName, lastSeenAt, nameKey, *phones, *emails',
  touchpoints: 'id, customerId, identityId, day, [customerId+day]',
};

// v3: Zalo customer ids are Zalo-wide; find an identity by id across logged-in accounts.
const V3 = {
  ...V2,
  identities: 'id, customerId, &[platform+accountId+externalId], [platform+externalId]',
};

// v4: merges (and their undo), label history, kept message texts (opt-in) and dismissed
// match suggestions. New tables and two dropped indexes: every older row stays as it is
// (touchpoints and identities gain optional fields that older rows simply lack).
const V4 = {
  ...V3,
  // Nothing reads customers by displayName (nameKey replaced it) or by lastSeenAt; dropping
  // the two indexes makes every customer write cheaper and loses no data.
  customers: 'id, nameKey, *phones, *emails',
  merges: 'id, targetId, sourceId, at',
  labelEvents: 'id, customerId, at',
  messages: 'id, customerId, [identityId+day]',
  dismissals: 'id',
};

// v5: the shop's own reply templates (the default pack seeded once, then edited freely),
// how often each was picked per (status, intent), and how each customer is addressed.
// `templates` stays the team server's copy (sync-apply writes it); these are local-only.
const V5 = {
  ...V4,
  replyTemplates: 'id',
  replyUsage: 'id',
  salutations: 'customerId',
};

// v6: customer/order imports, one job row each and one row per committed batch recording
// what it added or changed, so a cancelled or failed import can be undone or resumed.
const V6 = {
  ...V5,
  importJobs: 'id, startedAt',
  importBatches: 'id, jobId',
};

// v7: the care queue (issue 9). Items by state and due time (the queue), by customer (one
// customer's recompute, merges) and by assignee; who wrote last per conversation for the
// `unanswered` rule. Customers gain an optional `birthday`, orders `deliveredAt` (no index).
const V7 = {
  ...V6,
  careItems: 'id, [state+dueAt], customerId, assignee',
  careThreads: 'id',
};

// v8 (pipeline): where each customer stands in the sales pipeline, with its moves.
const V8 = {
  ...V7,
  stages: 'customerId, stageId',
};

/** v1 customers had no search key or contact fields; derive them, drop nothing. */
async function upgradeToV2(tx: Transaction): Promise<void> {
  await tx
    .table('customers')
    .toCollection()
    .modify((c: Partial<CustomerRow> & { displayName: string }) => {
      c.nameKey = nameKey(c.displayName ?? '');
      c.phones ??= [];
      c.emails ??= [];
    });
}

export class KqDb extends Dexie {
  customers!: EntityTable<CustomerRow, 'id'>;
  identities!: EntityTable<IdentityRow, 'id'>;
  touchpoints!: EntityTable<TouchpointRow, 'id'>;
  labels!: EntityTable<LabelRow, 'id'>;
  labelAssignments!: EntityTable<LabelAssignmentRow, 'id'>;
  notes!: EntityTable<NoteRow, 'id'>;
  orders!: EntityTable<OrderRow, 'id'>;
  templates!: EntityTable<TemplateRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  settings!: EntityTable<SettingRow, 'key'>;
  merges!: EntityTable<MergeRow, 'id'>;
  labelEvents!: EntityTable<LabelEventRow, 'id'>;
  messages!: EntityTable<MessageRow, 'id'>;
  dismissals!: EntityTable<DismissalRow, 'id'>;
  replyTemplates!: EntityTable<ReplyTemplateRow, 'id'>;
  replyUsage!: EntityTable<ReplyUsageRow, 'id'>;
  salutations!: EntityTable<SalutationRow, 'customerId'>;
  importJobs!: EntityTable<ImportJobRow, 'id'>;
  importBatches!: EntityTable<ImportBatchRow, 'id'>;
  careItems!: EntityTable<CareItemRow, 'id'>;
  careThreads!: EntityTable<CareThreadRow, 'id'>;
  stages!: EntityTable<StageRow, 'customerId'>;

  /** `upTo` exists for migration tests: open a database as an older release left it. */
  constructor(name = DB_NAME, upTo = LATEST_VERSION) {
    // Commits hand the data to the OS without waiting for a disk flush: a browser or worker
    // crash loses nothing, only a power cut in the last instant could. Every snapshot is a
    // read-write transaction, and the flush was most of its cost.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores(V1);
    if (upTo >= 2) this.version(2).stores(V2).upgrade(upgradeToV2);
    if (upTo >= 3) this.version(3).stores(V3);
    if (upTo >= 4) this.version(4).stores(V4);
    if (upTo >= 5) this.version(5).stores(V5);
    if (upTo >= 6) this.version(6).stores(V6);
    if (upTo >= 7) this.version(7).stores(V7);
    if (upTo >= 8) this.version(8).stores(V8);
  }
}
