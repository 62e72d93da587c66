import { describe, expect, it } from 'vitest';
import { dictionaries, t } from '@/core/i18n';

describe('i18n', () => {
  it('has every key in both locales, with the same placeholders', () => {
    const vi = dictionaries.vi;
    const en = dictionaries.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(en[key]), key).toEqual(holes(vi[key]));
    }
  });
  it('fills placeholders', () => {
    expect(t('vi', 'seen.days', { days: 3 })).toBe('Đã thấy 3 ngày');
  });
});
