import { describe, expect, it } from 'vitest';
import { parseSeparator } from '@/core/date-separators';

// Sunday 22 Nov 2026, 10:45 in Vietnam (UTC+7).
const now = Date.UTC(2026, 10, 22, 3, 45);
const vn = { now, utcOffsetMinutes: 420 };
const at = (y: number, m: number, d: number, h = 0, min = 0) =>
  Date.UTC(y, m - 1, d, h, min) - 420 * 60_000;

describe('parseSeparator', () => {
  it.each([
    ['Nov 11, 2026, 9:15 AM', at(2026, 11, 11, 9, 15)],
    ['Mar 20, 2026, 9:15 PM', at(2026, 3, 20, 21, 15)],
    ['10 thg 11, 2026, 09:15', at(2026, 11, 10, 9, 15)],
    ['10 tháng 11, 2026 09:15', at(2026, 11, 10, 9, 15)],
    ['Hôm nay 10:03', at(2026, 11, 22, 10, 3)],
    ['09:12 Hôm nay', at(2026, 11, 22, 9, 12)],
    ['Today', at(2026, 11, 22)],
    ['Hôm qua 21:00', at(2026, 11, 21, 21, 0)],
    ['Yesterday 8:00 PM', at(2026, 11, 21, 20, 0)],
    ['10:03 AM', at(2026, 11, 22, 10, 3)],
    ['12:30 AM', at(2026, 11, 22, 0, 30)],
    ['Thu 8:10 PM', at(2026, 11, 19, 20, 10)],
    ['T5 20:10', at(2026, 11, 19, 20, 10)],
    ['CN 08:00', at(2026, 11, 15, 8, 0)],
    ['Sun 10:12 PM', at(2026, 11, 15, 22, 12)],
    ['T7 14/11/2026', at(2026, 11, 14)],
    ['09:11 07/12/2018', at(2018, 12, 7, 9, 11)],
    ['Thu 22/02/2024', at(2024, 2, 22)],
  ])('reads %s', (text, expected) => {
    expect(parseSeparator(text, vn)).toBe(expected);
  });

  it('reads en-US numeric dates month first when told so', () => {
    expect(parseSeparator('11/10/26, 9:15 AM', { ...vn, numericOrder: 'mdy' })).toBe(
      at(2026, 11, 10, 9, 15),
    );
    expect(parseSeparator('1/13/24, 8:22 AM', { ...vn, numericOrder: 'mdy' })).toBe(
      at(2024, 1, 13, 8, 22),
    );
    // A day above 12 settles the order whatever the hint.
    expect(parseSeparator('1/13/24, 8:22 AM', vn)).toBe(at(2024, 1, 13, 8, 22));
  });

  it('refuses what is not a date rather than guess', () => {
    for (const text of [
      '',
      'Nguyễn Thu Hà replied to an ad.',
      '31/02/2026',
      '25:61',
      'Size M 2 cái',
    ]) {
      expect(parseSeparator(text, vn), text).toBeUndefined();
    }
  });

  it('uses the browser offset for the local day', () => {
    // 00:30 on 22 Nov in Vietnam is still 21 Nov in UTC.
    expect(parseSeparator('Hôm nay 00:30', vn)).toBe(Date.UTC(2026, 10, 21, 17, 30));
  });
});
