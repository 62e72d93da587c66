import { describe, expect, it } from 'vitest';
import { csvField, csvLine, toCsv } from '@/core/csv-write';

describe('csv writer', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(csvField('Nguyễn Thu Hà')).toBe('Nguyễn Thu Hà');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
  it('never lets a customer value start a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+84912345678')).toBe("'+84912345678");
    expect(csvField(-5)).toBe('-5');
  });
  it('writes CRLF lines with a BOM', () => {
    expect(csvLine(['a', 1])).toBe('a,1\r\n');
    expect(toCsv(['day', 'new'], [['2026-11-23', 2]])).toBe('\uFEFFday,new\r\n2026-11-23,2\r\n');
  });
});
