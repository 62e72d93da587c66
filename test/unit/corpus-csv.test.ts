// The CSV bad-input corpus (test/corpus/csv, expected outcomes in cases.json): every file
// goes through the import path as far as it runs in Node — bytes → encoding → text →
// delimiter → header → rows → planner — and comes out with the rows read, the rows refused
// (with their line number and reason) and the encoding the reader saw. A broken row never
// takes a good row with it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectHeader } from '@/core/import/headers';
import { ImportPlanner } from '@/core/import/plan';
import { csvRows, csvTopRows, decodeCsv } from '@/utils/import-read';

const DIR = path.join(__dirname, '../corpus/csv');

interface CsvCase {
  file: string;
  about: string;
  encoding: string;
  delimiter?: string;
  /** Header row index (0-based), or null when the file has none (the import stops there). */
  header: number | null;
  mapping?: (string | null)[];
  rows?: number;
  accepted?: number;
  rejected?: [number, string][];
  customers?: { name: string; phones?: string[]; emails?: string[]; address?: string }[];
}

const cases = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as CsvCase[];

/** What the import worker does with a CSV file (utils/import-worker.ts), minus the writes. */
function importCsv(bytes: Uint8Array) {
  const { text, encoding, delimiter } = decodeCsv(bytes);
  const header = detectHeader(csvTopRows(text, delimiter, 40));
  if (!header) return { encoding, delimiter, header: null, plan: null, mapping: null };
  const planner = new ImportPlanner(header.mapping);
  let index = 0;
  csvRows(text, delimiter, (rows) => {
    for (const row of rows) {
      if (index > header.row) planner.add(row, index + 1);
      index += 1;
    }
  });
  return { encoding, delimiter, header: header.row, mapping: header.mapping, plan: planner.plan };
}

describe('CSV corpus', () => {
  it.each(cases)('$file: $about', (c) => {
    const r = importCsv(new Uint8Array(readFileSync(path.join(DIR, c.file))));
    expect(r.encoding).toBe(c.encoding);
    expect(r.header).toBe(c.header);
    if (c.header === null) return;
    if (c.delimiter !== undefined) expect(r.delimiter).toBe(c.delimiter);
    if (c.mapping) expect(r.mapping).toEqual(c.mapping);
    const plan = r.plan!;
    if (c.rows !== undefined) expect(plan.rows).toBe(c.rows);
    if (c.accepted !== undefined) expect(plan.accepted).toBe(c.accepted);
    if (c.rejected) expect(plan.rejected.map((x) => [x.line, x.code])).toEqual(c.rejected);
    if (c.customers) {
      expect(plan.customers).toHaveLength(c.customers.length);
      for (const [i, want] of c.customers.entries()) expect(plan.customers[i]).toMatchObject(want);
    }
  });
});

describe('a large export with a few bad rows', () => {
  // 10,000 data rows (not committed): UTF-8 with BOM, CRLF with some bare-LF lines, a bad
  // phone, a row without contact, an unterminated quote and a bad e-mail at known lines.
  const N = 10_000;
  const line = (n: number) => {
    const phone = `09${10_000_000 + n}`;
    if (n === 2_501) return `Khách ${n},12345,,Hà Nội`;
    if (n === 5_002) return `Khách ${n},,,Hà Nội`;
    if (n === 7_503) return `"Khách ${n},${phone},,Huế`;
    if (n === 9_999) return `Khách ${n},,x@@,`;
    return `Khách ${n},${phone},,"Số ${n}, Quận ${n % 12}"`;
  };
  const text = [
    'Tên khách hàng,Số điện thoại,Email,Địa chỉ',
    ...Array.from({ length: N }, (_, i) => line(i + 2)),
  ]
    .map((l, i) => l + (i % 97 === 0 ? '\n' : '\r\n'))
    .join('');
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);

  it('reads every good row, and names each bad one by its line and reason', () => {
    const r = importCsv(bytes);
    expect([r.encoding, r.delimiter, r.header]).toEqual(['utf-8', ',', 0]);
    const plan = r.plan!;
    expect(plan.rows).toBe(N);
    expect(plan.rejected.map((x) => [x.line, x.code, x.params.value ?? ''])).toEqual([
      [2_501, 'bad-phone', '12345'],
      [5_002, 'no-contact', ''],
      [9_999, 'bad-email', 'x@@'],
    ]);
    expect(plan.accepted).toBe(N - 3);
    expect(plan.customers).toHaveLength(N - 3);
    // After the broken quote, every row is still its own customer, with its own address.
    const byName = new Map(plan.customers.map((c) => [c.name, c]));
    expect(byName.get('"Khách 7503')?.address).toBe('Huế');
    for (const n of [7_504, 7_505, 9_000, 10_001])
      expect(byName.get(`Khách ${n}`)).toMatchObject({
        phones: [`+849${10_000_000 + n}`],
        address: `Số ${n}, Quận ${n % 12}`,
      });
  });
});
