import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffDelimiter, sniffEncoding } from '@/core/import/encoding';
import { detectHeader } from '@/core/import/headers';
import { ImportPlanner } from '@/core/import/plan';
import { csvRows, csvTopRows, decodeCsv } from '@/utils/import-read';
import { KIOTVIET, SAPO } from '../fixtures/import/make';
import { encodeCp1258, encodeUtf16le } from './cp1258';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(path.join(__dirname, '../fixtures/import', name)));

/** What the worker does: decode, find the header, plan every row. */
function read(bytes: Uint8Array) {
  const { text, encoding, delimiter } = decodeCsv(bytes);
  const header = detectHeader(csvTopRows(text, delimiter, 40));
  if (!header) throw new Error('no header');
  const planner = new ImportPlanner(header.mapping);
  let index = 0;
  csvRows(text, delimiter, (rows) => {
    for (const row of rows) {
      if (index > header.row) planner.add(row, index + 1);
      index += 1;
    }
  });
  return { encoding, delimiter, header: header.row, plan: planner.plan };
}

const rejects = (plan: ReturnType<typeof read>['plan']) =>
  plan.rejected.map((r) => [r.line, r.code]);

describe('reading exports', () => {
  it('reads the Sapo-style export: UTF-8 with BOM, commas, title rows, a quoted newline', () => {
    const r = read(fixture('sapo-orders.csv'));
    expect([r.encoding, r.delimiter, r.header]).toEqual(['utf-8', ',', 2]);
    expect(r.plan.accepted).toBe(6);
    expect(rejects(r.plan)).toEqual([
      [7, 'no-contact'],
      [8, 'bad-date'],
      [9, 'bad-money'],
    ]);
    expect(r.plan.customers.map((c) => [c.name, c.orders.length])).toEqual([
      ['Chị Lan Phương', 2],
      ['Anh Minh', 2],
      ['Chị Hồng', 1],
    ]);
    expect(r.plan.customers[0]!.address).toBe('12 Hàng Bạc Hoàn Kiếm, Hà Nội');
    expect(r.plan.customers[1]!.orders.map((o) => [o.total, o.status])).toEqual([
      [1_250_000, 'delivered'],
      [450_000, 'returned'],
    ]);
  });

  it('reads the same text as UTF-8 without a BOM', () => {
    const r = read(new TextEncoder().encode(SAPO));
    expect(r.encoding).toBe('utf-8');
    expect(r.plan.accepted).toBe(6);
  });

  it('reads the KiotViet-style export: Windows-1258, semicolons, order fields on the first line only', () => {
    const bytes = fixture('kiotviet-invoices.csv');
    expect(bytes).toEqual(encodeCp1258(KIOTVIET));
    const r = read(bytes);
    expect([r.encoding, r.delimiter, r.header]).toEqual(['windows-1258', ';', 0]);
    expect(r.plan.accepted).toBe(3);
    expect(rejects(r.plan)).toEqual([
      [5, 'no-contact'],
      [6, 'bad-date'],
      [7, 'bad-money'],
    ]);
    const [lan, quoc] = r.plan.customers;
    expect(lan).toMatchObject({ name: 'Chị Lan Phương', phones: ['+84912345678'] });
    expect(lan!.orders[0]!.total).toBe(400_000);
    expect(quoc!.orders[0]!.items.map((i) => i.name)).toEqual(['Giày thể thao', 'Tất cổ ngắn']);
    expect(quoc!.orders[0]!.total).toBe(1_090_000);
  });

  it.each([true, false])('reads Excel "Unicode Text" (UTF-16 LE, tabs), BOM %s', (bom) => {
    const bytes = encodeUtf16le(KIOTVIET.replaceAll(';', '\t'), bom);
    expect(sniffEncoding(bytes)).toBe('utf-16le');
    const r = read(bytes);
    expect([r.delimiter, r.plan.accepted, r.plan.rejected.length]).toEqual(['\t', 3, 3]);
    expect(r.plan.customers[1]!.name).toBe('Anh Quốc');
  });

  it('tells the separator from the top lines, title rows and quoted separators aside', () => {
    expect(sniffDelimiter('Báo cáo, tháng 11\na;b;c\n1;"x;y";3\n4;5;6')).toBe(';');
    expect(sniffDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(sniffDelimiter('a\tb\tc\n1\t2,5\t3')).toBe('\t');
  });
});

describe('reading .xlsx', () => {
  it('reads a KiotViet-style sheet: title row, serial dates, phones stored as numbers', async () => {
    const { openFile } = await import('@/utils/import-read');
    const opened = await openFile(new Blob([fixture('kiotviet-invoices.xlsx')]));
    expect(opened.format).toBe('xlsx');
    const sheet = opened.sheet!;
    const header = detectHeader(sheet)!;
    expect(header.row).toBe(1);
    const planner = new ImportPlanner(header.mapping);
    sheet.forEach((row, i) => {
      if (i > header.row) planner.add(row, i + 1);
    });
    const { plan } = planner;
    expect(plan.accepted).toBe(2);
    expect(rejectsOf(plan)).toEqual([
      [5, 'bad-date'],
      [6, 'no-contact'],
    ]);
    expect(plan.customers[0]).toMatchObject({ name: 'Chị Lan Phương', phones: ['+84912345678'] });
    expect(plan.customers[0]!.orders[0]).toMatchObject({
      code: 'HD000201',
      placedAt: Date.UTC(2026, 10, 16, 12) - 7 * 3_600_000,
      total: 650_000,
      status: 'delivered',
    });
  });
});

function rejectsOf(plan: { rejected: { line: number; code: string }[] }) {
  return plan.rejected.map((r) => [r.line, r.code]);
}
