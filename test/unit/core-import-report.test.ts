import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RejectedRow } from '@/core/import/plan';
import { rejectedCsv, rejectedText } from '@/core/import/report';

const rows: RejectedRow[] = [
  { line: 7, code: 'no-contact', params: {}, cells: ['SON1003', '07/11/2026', 'Khách lẻ', ''] },
  { line: 9, code: 'bad-money', params: { value: 'một triệu' }, cells: ['SON1005', 'x,y'] },
  { line: 12, code: 'order-rejected', params: { first: 9 }, cells: [] },
];

describe('the skipped-rows report', () => {
  it('says each row and reason in the UI language', () => {
    expect(rows.map((r) => rejectedText('vi', r))).toEqual([
      'dòng 7: thiếu số điện thoại và email',
      'dòng 9: số tiền không đọc được "một triệu"',
      'dòng 12: thuộc đơn ở dòng 9, đơn đó bị bỏ qua',
    ]);
    expect(rejectedText('en', rows[0]!)).toBe('row 7: no phone number or e-mail');
  });

  it('downloads as CSV: row, reason, then the row as it was', () => {
    const csv = rejectedCsv('vi', rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['Dòng', 'Lý do']);
    expect(parsed[1]).toEqual([
      '7',
      'thiếu số điện thoại và email',
      'SON1003',
      '07/11/2026',
      'Khách lẻ',
      '',
    ]);
    expect(parsed[2]).toEqual(['9', 'số tiền không đọc được "một triệu"', 'SON1005', 'x,y']);
  });
});
