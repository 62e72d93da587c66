// Writes an import plan (core/import) into the local database, a batch of customers at a
// time, each batch in one transaction with its outbox mutations and a record of what it
// changed. A job row counts the committed batches: a cancelled or failed import keeps
// what it committed and can be resumed (the same file again) or undone (every batch put
// back). Orders are keyed by the file's customer and order code, so importing the same
// file twice changes nothing.
import * as z from 'zod/mini';
import { formatBirthday, parseBirthdayVN } from '@/core/birthday';
import type { ImportCustomer, ImportPlan } from '@/core/import/plan';
import { fallbackName } from '@/core/import/plan';
import { describeIssues, type Result } from '@/core/protocol';
import type { Mutation } from '@/core/sync/mutations';
import { dayKey, nameKey } from '@/core/text';
import type { KqDb } from './db';
import { customerUpsertData } from './mutation-data';
import { enqueueMany, outboxTables, stamp } from './outbox';
import { noteOrderWrite, recomputeRfmCuts } from './rfm';
import type { CustomerRow, ImportBatchRow, ImportJobRow, OrderRow } from './schema';

export const IMPORT_BATCH = 1000;

export class ImportStateError extends Error {
  override name = 'ImportStateError';
}

/** The plan's customers cut into batches, in file order (a resume cuts the same way). */
export function importBatches(plan: ImportPlan, size = IMPORT_BATCH): ImportCustomer[][] {
  const out: ImportCustomer[][] = [];
  for (let i = 0; i < plan.customers.length; i += size) out.push(plan.customers.slice(i, i + size));
  return out;
}

/** An order's id: the same file row always lands on the same order. */
export const importedOrderId = (customerKey: string, code: string): string =>
  `imp|${customerKey}|${code}`;

export async function startImportJob(
  db: KqDb,
  file: { name: string; size: number },
  plan: ImportPlan,
  totalBatches: number,
  now = Date.now(),
): Promise<ImportJobRow> {
  const job: ImportJobRow = {
    id: crypto.randomUUID(),
    fileName: file.name.slice(0, 300),
    fileSize: file.size,
    startedAt: now,
    updatedAt: now,
    state: 'running',
    totalBatches,
    batchesDone: 0,
    accepted: plan.accepted,
    rejected: plan.rejected.length,
    customers: plan.customers.length,
    orders: plan.orders,
  };
  await db.importJobs.add(job);
  return job;
}

/** The latest import left unfinished (cancelled, failed, or its page closed), if any. */
export async function unfinishedImport(db: KqDb): Promise<ImportJobRow | undefined> {
  const last = await db.importJobs.orderBy('startedAt').last();
  return last && last.state !== 'done' && last.state !== 'undone' && last.batchesDone > 0
    ? last
    : undefined;
}

/** Counts and marks a job to go on from where it stopped. */
export async function resumeImportJob(db: KqDb, jobId: string): Promise<ImportJobRow> {
  return db.transaction('rw', db.importJobs, async () => {
    const job = await db.importJobs.get(jobId);
    if (!job || job.state === 'done' || job.state === 'undone')
      throw new ImportStateError(`import ${jobId} cannot be resumed`);
    const resumed = { ...job, state: 'running' as const, updatedAt: Date.now() };
    delete resumed.error;
    await db.importJobs.put(resumed);
    return resumed;
  });
}

/**
 * Commits batch `index` of a running job: customers matched by phone, then e-mail, else
 * created; their orders put by stable id. Returns the customer ids it touched. A batch
 * already committed (a retried message) is skipped. `known` (knownKeys, taken at the
 * job's start) spares looking up phones, e-mails and orders the database did not have.
 */
export async function writeImportBatch(
  db: KqDb,
  jobId: string,
  index: number,
  batch: readonly ImportCustomer[],
  now = Date.now(),
  known?: KnownKeys,
): Promise<string[]> {
  const knownOrderIds = known?.orderIds;
  const tables = [db.customers, db.orders, db.importJobs, db.importBatches, ...outboxTables(db)];
  return db.transaction('rw', tables, async () => {
    const job = await db.importJobs.get(jobId);
    if (job?.state !== 'running') throw new ImportStateError(`import ${jobId} is not running`);
    if (job.batchesDone > index) return [];
    if (job.batchesDone < index)
      throw new ImportStateError(`import ${jobId}: batch ${index} before ${job.batchesDone}`);

    // Phones and e-mails the database had at the job's start or that earlier batches
    // added; a customer recorded meanwhile with the same number stays apart and shows as
    // a suggestion (a number on two customers), as with any shared number.
    const phones = batch.flatMap((c) => c.phones).filter((p) => !known || known.phones.has(p));
    const emails = batch.flatMap((c) => c.emails).filter((e) => !known || known.emails.has(e));
    const [byPhoneRows, byEmailRows] = await Promise.all([
      phones.length ? db.customers.where('phones').anyOf(phones).toArray() : [],
      emails.length ? db.customers.where('emails').anyOf(emails).toArray() : [],
    ]);
    // Oldest customer first, so a number carried by two customers goes to the first one
    // (the agent sees the other as a suggestion, as with any shared number).
    const sorted = (rows: CustomerRow[]) => rows.sort((a, b) => a.createdAt - b.createdAt);
    const byPhone = new Map<string, CustomerRow>();
    for (const c of sorted(byPhoneRows))
      for (const p of c.phones) if (!byPhone.has(p)) byPhone.set(p, c);
    const byEmail = new Map<string, CustomerRow>();
    for (const c of sorted(byEmailRows))
      for (const e of c.emails) if (!byEmail.has(e)) byEmail.set(e, c);

    const record: ImportBatchRow = {
      id: `${jobId}|${index}`,
      jobId,
      index,
      at: now,
      createdCustomers: [],
      updatedCustomers: [],
      createdOrders: [],
      replacedOrders: [],
      mutationIds: [],
    };
    const rows = new Map<string, CustomerRow>();
    const changed = new Set<string>();
    const orders: OrderRow[] = [];
    /** Orders of customers that existed before this batch: only these can be replaced. */
    const mayExist: OrderRow[] = [];

    for (const c of batch) {
      const found =
        c.phones.map((p) => byPhone.get(p)).find(Boolean) ??
        c.emails.map((e) => byEmail.get(e)).find(Boolean);
      let row = found ? (rows.get(found.id) ?? found) : undefined;
      if (!row) {
        const firstAt = Math.min(now, ...c.orders.map((o) => o.placedAt));
        const displayName = fallbackName(c);
        row = {
          id: crypto.randomUUID(),
          displayName,
          nameKey: nameKey(displayName),
          phones: [...c.phones],
          emails: [...c.emails],
          firstSeenAt: firstAt,
          // No platform in a shop's export; the sync model's own fallback (sync-apply).
          firstSeenPlatform: 'messenger',
          lastSeenAt: firstAt,
          createdAt: now,
          updatedAt: now,
        };
        const birthday = importedBirthday(c.birthday, now);
        if (birthday) row.birthday = birthday;
        record.createdCustomers.push(row.id);
        changed.add(row.id);
      } else {
        const before = row;
        const addPhones = c.phones.filter((p) => !before.phones.includes(p));
        const addEmails = c.emails.filter((e) => !before.emails.includes(e));
        const name = !before.displayName && c.name ? c.name : before.displayName;
        // A birthday the shop's file knows fills one we lack; one already set stays.
        const birthday = before.birthday ?? importedBirthday(c.birthday, now);
        if (
          addPhones.length ||
          addEmails.length ||
          name !== before.displayName ||
          birthday !== before.birthday
        ) {
          if (!rows.has(before.id) && !record.createdCustomers.includes(before.id))
            record.updatedCustomers.push(before);
          row = {
            ...before,
            displayName: name,
            nameKey: nameKey(name),
            phones: [...before.phones, ...addPhones],
            emails: [...before.emails, ...addEmails],
            ...(birthday ? { birthday } : {}),
            updatedAt: now,
          };
          changed.add(row.id);
        }
      }
      rows.set(row.id, row);
      for (const p of row.phones) byPhone.set(p, row);
      for (const e of row.emails) byEmail.set(e, row);
      const into = found ? mayExist : orders;
      // A delivered order in an export has no delivery date: the care rules count from
      // placedAt when deliveredAt is absent (core/care/engine).
      for (const o of c.orders)
        into.push({
          id: importedOrderId(c.key, o.code),
          customerId: row.id,
          code: o.code.slice(0, 100),
          placedAt: o.placedAt,
          total: o.total,
          status: o.status,
          items: o.items.slice(0, 500),
        });
    }

    const customers = [...changed].map((id) => rows.get(id)!);
    await db.customers.bulkPut(customers);
    for (const c of customers) {
      for (const p of c.phones) known?.phones.add(p);
      for (const e of c.emails) known?.emails.add(e);
    }
    // Only orders that may already exist are read back: those of customers found in the
    // database, and any id the caller knows is taken (a first import of 100k rows then
    // never reads back what it writes).
    const check = knownOrderIds ? orders.filter((o) => knownOrderIds.has(o.id)) : orders;
    const fresh = knownOrderIds ? orders.filter((o) => !knownOrderIds.has(o.id)) : [];
    for (const o of fresh) record.createdOrders.push(o.id);
    const toRead = [...check, ...mayExist];
    if (toRead.length) {
      const existing = await db.orders.bulkGet(toRead.map((o) => o.id));
      existing.forEach((o, i) => {
        if (o) record.replacedOrders.push(o);
        else record.createdOrders.push(toRead[i]!.id);
      });
    }
    orders.push(...mayExist);
    if (orders.length) {
      await db.orders.bulkPut(orders);
      await noteOrderWrite(db, orders.length);
    }
    const mutations: Mutation[] = customers.map((c) =>
      stamp('customer.upsert', customerUpsertData(c)),
    );
    if (await enqueueMany(db, mutations, now)) record.mutationIds = mutations.map((m) => m.id);
    await db.importBatches.put(record);
    await db.importJobs.put({ ...job, batchesDone: index + 1, updatedAt: now });
    return [...rows.keys()];
  });
}

/** Marks how the job ended. */
export async function endImportJob(
  db: KqDb,
  jobId: string,
  state: 'done' | 'cancelled' | 'failed',
  error?: string,
): Promise<void> {
  await db.importJobs.update(jobId, {
    state,
    updatedAt: Date.now(),
    ...(error ? { error: error.slice(0, 500) } : {}),
  });
}

/**
 * Puts back everything the job's committed batches changed, newest batch first, one
 * transaction per batch (so an interrupted undo can simply run again). A customer the
 * import created who has since been seen in a conversation is kept (only the import's
 * orders go); an existing customer edited since the import keeps that edit.
 */
export async function undoImport(db: KqDb, jobId: string): Promise<void> {
  const job = await db.importJobs.get(jobId);
  if (!job) throw new ImportStateError(`no import ${jobId}`);
  const batches = await db.importBatches.where('jobId').equals(jobId).toArray();
  batches.sort((a, b) => b.index - a.index);
  const tables = [
    db.customers,
    db.orders,
    db.identities,
    db.importBatches,
    db.importJobs,
    ...outboxTables(db),
  ];
  for (const b of batches) {
    await db.transaction('rw', tables, async () => {
      await db.orders.bulkDelete(b.createdOrders);
      await db.orders.bulkPut(b.replacedOrders);
      await noteOrderWrite(db, b.createdOrders.length + b.replacedOrders.length);
      const seen = new Set(
        (await db.identities.where('customerId').anyOf(b.createdCustomers).toArray()).map(
          (i) => i.customerId,
        ),
      );
      await db.customers.bulkDelete(b.createdCustomers.filter((id) => !seen.has(id)));
      const now = await db.customers.bulkGet(b.updatedCustomers.map((c) => c.id));
      await db.customers.bulkPut(b.updatedCustomers.filter((_, i) => now[i]?.updatedAt === b.at));
      if (b.mutationIds.length) await db.outbox.where('mutationId').anyOf(b.mutationIds).delete();
      await db.importBatches.delete(b.id);
      await db.importJobs.update(jobId, { batchesDone: b.index, updatedAt: Date.now() });
    });
  }
  await db.importJobs.update(jobId, { state: 'undone', batchesDone: 0, updatedAt: Date.now() });
  await recomputeRfmCuts(db).catch(() => undefined);
}

export interface KnownKeys {
  /** Ids of every order an import wrote (only imports make `imp|` ids). */
  orderIds: Set<string>;
  /** Every customer phone and e-mail. */
  phones: Set<string>;
  emails: Set<string>;
}

/**
 * Read once per job (index keys only): with them `writeImportBatch` looks up only phones
 * and e-mails the database has, and reads back only orders that may really exist.
 */
export async function knownKeys(db: KqDb): Promise<KnownKeys> {
  const [orderIds, phones, emails] = await Promise.all([
    db.orders.where(':id').startsWith('imp|').primaryKeys(),
    db.customers.orderBy('phones').uniqueKeys(),
    db.customers.orderBy('emails').uniqueKeys(),
  ]);
  return {
    orderIds: new Set(orderIds),
    phones: new Set(phones as string[]),
    emails: new Set(emails as string[]),
  };
}

/** After an import: RFM cuts over the new orders, so VIP is right at once. */
export async function afterImport(db: KqDb): Promise<void> {
  await recomputeRfmCuts(db);
}

const ImportFinishedSchema = z.object({
  jobId: z.string().check(z.minLength(1), z.maxLength(200)),
});

/** The background's check of `importFinished`: a known job that is no longer running. */
export async function handleImportFinished(db: KqDb, data: unknown): Promise<Result> {
  const parsed = ImportFinishedSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  const job = await db.importJobs.get(parsed.data.jobId);
  if (!job) return { ok: false, error: 'jobId: no such import' };
  return { ok: true };
}

/** The plan's birthday (a date cell) as stored (`YYYY-MM-DD`), or nothing if impossible. */
function importedBirthday(at: number | undefined, now: number): string | undefined {
  if (at === undefined || !Number.isFinite(at)) return undefined;
  const parsed = parseBirthdayVN(dayKey(at, 420), new Date(now));
  return parsed.ok ? formatBirthday(parsed) : undefined;
}
