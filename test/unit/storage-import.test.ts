import { describe, expect, it } from 'vitest';
import { mapHeaders } from '@/core/import/headers';
import { type ImportPlan, planImport } from '@/core/import/plan';
import type { KqDb } from '@/storage/db';
import {
  endImportJob,
  handleImportFinished,
  importBatches,
  knownKeys,
  resumeImportJob,
  startImportJob,
  undoImport,
  unfinishedImport,
  writeImportBatch,
} from '@/storage/import';
import type { CustomerRow } from '@/storage/schema';
import { connect, dump, freshDb, queued, T0 } from './storage-helpers';

const HEADER = [
  'Mã đơn hàng',
  'Ngày tạo',
  'Khách hàng',
  'SĐT',
  'Email',
  'Sản phẩm',
  'Số lượng',
  'Đơn giá',
  'Tổng tiền',
  'Trạng thái',
];

function plan(n: number, extra: string[][] = []): ImportPlan {
  const rows = [HEADER, ...extra];
  for (let i = 0; i < n; i++) {
    const phone = `09${String(10_000_000 + i).padStart(8, '0')}`;
    rows.push([
      `DH${i}`,
      '01/03/2026',
      `Khách ${i}`,
      phone,
      '',
      'Áo',
      '1',
      '100k',
      '100k',
      'Hoàn thành',
    ]);
  }
  return planImport(rows, 0, mapHeaders(HEADER));
}

/** Imports as the worker does (known keys read once), or looking everything up. */
async function runImport(
  db: KqDb,
  p: ImportPlan,
  size: number,
  stopAfter = Infinity,
  readAll = false,
) {
  const batches = importBatches(p, size);
  const job = await startImportJob(db, { name: 'a.csv', size: 1 }, p, batches.length, T0);
  const known = readAll ? undefined : await knownKeys(db);
  for (let i = 0; i < batches.length && i < stopAfter; i++)
    await writeImportBatch(db, job.id, i, batches[i]!, T0, known);
  if (stopAfter < batches.length) await endImportJob(db, job.id, 'cancelled');
  else await endImportJob(db, job.id, 'done');
  return job.id;
}

const existing = (over: Partial<CustomerRow> = {}): CustomerRow => ({
  id: 'c-old',
  displayName: 'Chị Lan',
  nameKey: 'chi lan',
  phones: ['+84910000003'],
  emails: [],
  firstSeenAt: T0 - 1000,
  firstSeenPlatform: 'zalo',
  lastSeenAt: T0 - 1000,
  createdAt: T0 - 1000,
  updatedAt: T0 - 1000,
  ...over,
});

describe('storage import', () => {
  it('writes customers and orders in batches, matching an existing customer by phone', async () => {
    const db = freshDb();
    await db.customers.put(existing());
    await runImport(db, plan(25), 10);
    expect(await db.customers.count()).toBe(25);
    expect(await db.orders.count()).toBe(25);
    expect(await db.importBatches.count()).toBe(3);
    const lan = await db.orders.where('customerId').equals('c-old').toArray();
    expect(lan.map((o) => [o.code, o.total, o.status])).toEqual([['DH3', 100_000, 'delivered']]);
    // The existing name is kept.
    expect((await db.customers.get('c-old'))!.displayName).toBe('Chị Lan');
  });

  it('stores the file’s birthday on a new customer and fills one an existing customer lacks (care)', async () => {
    const db = freshDb();
    await db.customers.put(existing());
    await db.customers.put(
      existing({
        id: 'c-bday',
        phones: ['+84910000004'],
        birthday: '07-15',
        displayName: 'Anh Tú',
      }),
    );
    const header = ['Khách hàng', 'SĐT', 'Ngày sinh'];
    const p = planImport(
      [
        header,
        ['Hà', '0988000111', '29/02/1992'],
        ['Chị Lan', '0910000003', '01/02/1990'],
        ['Anh Tú', '0910000004', '03/04/1985'],
      ],
      0,
      mapHeaders(header),
    );
    await runImport(db, p, 10);
    const ha = await db.customers.where('phones').equals('+84988000111').first();
    expect(ha?.birthday).toBe('1992-02-29');
    expect((await db.customers.get('c-old'))?.birthday).toBe('1990-02-01');
    // A birthday the shop already set is theirs.
    expect((await db.customers.get('c-bday'))?.birthday).toBe('07-15');
  });

  it('matches by e-mail when the phone is new, and adds the phone', async () => {
    const db = freshDb();
    await db.customers.put(existing({ phones: [], emails: ['lan@example.vn'] }));
    const p = planImport(
      [HEADER, ['X1', '01/03/2026', 'Lan', '0988000111', 'Lan@Example.vn', '', '', '', '1tr', '']],
      0,
      mapHeaders(HEADER),
    );
    await runImport(db, p, 10);
    expect(await db.customers.count()).toBe(1);
    expect((await db.customers.get('c-old'))!.phones).toEqual(['+84988000111']);
  });

  it.each([false, true])(
    'does not duplicate anything when the same file is imported again (read all: %s)',
    async (readAll) => {
      const db = freshDb();
      await runImport(db, plan(12), 5);
      const before = await dump(db, ['outbox', 'importJobs', 'importBatches', 'settings']);
      await runImport(db, plan(12), 5, Infinity, readAll);
      expect(await dump(db, ['outbox', 'importJobs', 'importBatches', 'settings'])).toEqual(before);
    },
  );

  it('queues customer upserts with each batch when connected', async () => {
    const db = freshDb();
    await connect(db);
    await runImport(db, plan(3), 2);
    const q = await queued(db);
    expect(q.map((m) => m.kind)).toEqual(['customer.upsert', 'customer.upsert', 'customer.upsert']);
    expect(q[0]!.data).toMatchObject({ displayName: 'Khách 0', phones: ['+84910000000'] });
  });

  it.each([false, true])(
    'undoes a cancelled import: the database is as it was (read all: %s)',
    async (readAll) => {
      const db = freshDb();
      await connect(db);
      await db.customers.put(existing());
      await db.orders.put({
        id: 'imp|p:+84910000004|DH4',
        customerId: 'c-old',
        code: 'DH4',
        placedAt: 1,
        total: 5,
        status: 'pending',
        items: [],
      });
      const skip = ['importJobs', 'importBatches', 'settings'];
      const before = await dump(db, skip);
      const id = await runImport(db, plan(25), 10, 2, readAll);
      expect(await db.customers.count()).toBeGreaterThan(1);
      const job = await unfinishedImport(db);
      expect(job).toMatchObject({ id, state: 'cancelled', batchesDone: 2, totalBatches: 3 });
      await undoImport(db, id);
      expect(await dump(db, skip)).toEqual(before);
      expect(await unfinishedImport(db)).toBeUndefined();
    },
  );

  it('resumes a cancelled import at the next batch', async () => {
    const db = freshDb();
    const p = plan(25);
    const id = await runImport(db, p, 10, 1);
    expect(await db.customers.count()).toBe(10);
    const job = await resumeImportJob(db, id);
    const batches = importBatches(p, 10);
    for (let i = job.batchesDone; i < batches.length; i++)
      await writeImportBatch(db, id, i, batches[i]!, T0);
    await endImportJob(db, id, 'done');
    expect(await db.customers.count()).toBe(25);
    expect(await db.orders.count()).toBe(25);
    await expect(writeImportBatch(db, id, 3, [], T0)).rejects.toThrow(/not running/);
  });

  it('checks importFinished at the background end, naming the field', async () => {
    const db = freshDb();
    expect(await handleImportFinished(db, { jobId: 5 })).toEqual({
      ok: false,
      error: 'jobId: expected string',
    });
    expect(await handleImportFinished(db, undefined)).toMatchObject({ ok: false });
    expect(await handleImportFinished(db, { jobId: 'nope' })).toEqual({
      ok: false,
      error: 'jobId: no such import',
    });
    const id = await runImport(db, plan(1), 10);
    expect(await handleImportFinished(db, { jobId: id })).toEqual({ ok: true });
  });
});
