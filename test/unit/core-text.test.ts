import { describe, expect, it } from 'vitest';
import { dayKey, nameKey, normalizeSpaces } from '@/core/text';

describe('normalizeSpaces', () => {
  it('turns NBSP (as Zalo writes names) into plain spaces and trims', () => {
    expect(normalizeSpaces('\u00a0Chị\u00a0Lan  Phụ\u00a0Tùng ')).toBe('Chị Lan Phụ Tùng');
  });
});

describe('nameKey', () => {
  it('matches names with and without diacritics, đ included', () => {
    expect(nameKey('Chị Lan Phụ Tùng')).toBe(nameKey('chi lan phu tung'));
    expect(nameKey('Đặng Thị Hồng')).toBe('dang thi hong');
  });
  it('keeps different names apart', () => {
    expect(nameKey('Lan')).not.toBe(nameKey('Lân Anh'));
  });
});

describe('dayKey', () => {
  it('uses the shop’s local day, not UTC', () => {
    // 2026-11-22 18:30 UTC is already 23 Nov in Vietnam (UTC+7).
    const at = Date.UTC(2026, 10, 22, 18, 30);
    expect(dayKey(at, 420)).toBe('2026-11-23');
    expect(dayKey(at, 0)).toBe('2026-11-22');
  });
});
