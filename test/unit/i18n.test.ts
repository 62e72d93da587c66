import { describe, expect, it } from 'vitest';
import { dictionaries, parseStrings, t } from '@/core/i18n';
import { en as english } from '@/core/i18n-en';
import { optionsDictionaries, t as optionsT } from '@/core/i18n-options';

describe('i18n', () => {
  it('has every key in both locales, with the same placeholders', () => {
    const vi = dictionaries.vi;
    const en = english;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(en[key]), key).toEqual(holes(vi[key]));
    }
  });
  it('has every options-page key in both locales, none shadowing a sidebar key', () => {
    const { vi, en } = optionsDictionaries;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(en[key]), key).toEqual(holes(vi[key]));
      expect(Object.hasOwn(dictionaries.vi, key), key).toBe(false);
    }
    // The options page's `t` also knows the sidebar's keys.
    expect(optionsT('en', 'status.vip')).toBe('VIP');
    expect(optionsT('vi', 'options.title')).toBe('Cài đặt Khách Quen');
  });
  it('takes strings from messaging only when every key is a string', () => {
    expect(parseStrings(english)).toBe(english);
    expect(parseStrings({ ...english, 'status.vip': 7 })).toBeNull();
    const { 'app.name': _, ...missing } = english;
    expect(parseStrings(missing)).toBeNull();
    expect(parseStrings('en')).toBeNull();
  });
  it('fills placeholders', () => {
    expect(t('vi', 'seen.days', { days: 3 })).toBe('Đã thấy 3 ngày');
  });
});
