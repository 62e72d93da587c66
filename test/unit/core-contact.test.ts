import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEmails, normalizeEmail } from '@/core/email';
import { nameSimilarity, nameTokens, suggestNameMatches } from '@/core/names';
import { suggestContactDetails } from '@/core/suggest';

describe('normalizeEmail', () => {
  it.each([
    ['Lan.Nguyen@Gmail.com', 'lan.nguyen@gmail.com'],
    ['  mailto:shop+vip@abc.com.vn ', 'shop+vip@abc.com.vn'],
    ['a_b-c@sub.domain.vn', 'a_b-c@sub.domain.vn'],
    ['lan@gmail', null],
    ['lan@@gmail.com', null],
    ['.lan@gmail.com', null],
    ['lan..nguyen@gmail.com', null],
    ['lan nguyen@gmail.com', null],
    ['', null],
  ])('%j → %s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('extractEmails', () => {
  it.each([
    ['email em: Lan.Nguyen@gmail.com nhé', ['lan.nguyen@gmail.com']],
    ['mail lan@gmail.com, hoặc LAN@GMAIL.COM', ['lan@gmail.com']],
    ['gửi vào lan@yahoo.com.vn.', ['lan@yahoo.com.vn']],
    ['(lan@gmail.com)', ['lan@gmail.com']],
    ['lan@gmail.com/hoa@gmail.com', ['lan@gmail.com', 'hoa@gmail.com']],
    ['lan [at] gmail [dot] com', ['lan@gmail.com']],
    ['lan (a còng) gmail.com', ['lan@gmail.com']],
    ['0912345678@gmail.com', ['0912345678@gmail.com']],
    ['giá 200k @ shop', []],
    ['@lan', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(extractEmails(text)).toEqual(expected);
  });

  it('finds any generated address inside Vietnamese text, lower-cased', () => {
    const local = fc
      .stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._+-]{0,10}[A-Za-z0-9])?$/)
      .filter((s) => !s.includes('..'));
    const domain = fc.constantFrom('gmail.com', 'yahoo.com.vn', 'Shop.VN', 'fpt.edu.vn');
    fc.assert(
      fc.property(local, domain, fc.constantFrom('', 'email: ', 'Mail em là '), (l, d, before) => {
        const email = `${l}@${d}`;
        expect(extractEmails(`${before}${email} nhé shop`)).toEqual([email.toLowerCase()]);
        expect(normalizeEmail(email)).toBe(email.toLowerCase());
      }),
    );
  });
});

describe('names', () => {
  it('keys names without diacritics, NBSP, case or honorifics', () => {
    expect(nameTokens('Chị\u00a0Lan  Phụ\u00a0Tùng')).toEqual(['lan', 'phu', 'tung']);
    expect(nameTokens('🌸 Đặng Thị Hồng 🌸')).toEqual(['dang', 'thi', 'hong']);
  });

  it('scores the same person written differently at or near 1, different people low', () => {
    expect(nameSimilarity('Chị Lan Phụ Tùng', 'chi lan phu tung')).toBe(1);
    expect(nameSimilarity('Nguyễn\u00a0Thị Lan', 'nguyen thi lan')).toBe(1);
    expect(nameSimilarity('Nguyễn Thị Lan', 'Lan Nguyễn Thị')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Nguyễn Thị Lan', 'Nguyen Thi Lann')).toBeGreaterThan(0.8);
    expect(nameSimilarity('Lan', 'Nguyễn Thị Lan')).toBeGreaterThanOrEqual(0.75);
    expect(nameSimilarity('Nguyễn Thị Lan', 'Trần Văn Hùng')).toBeLessThan(0.5);
    expect(nameSimilarity('Lan', 'Lân Anh')).toBeLessThan(0.75);
    expect(nameSimilarity('', 'Lan')).toBe(0);
  });

  it('is symmetric and within 0..1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const s = nameSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(nameSimilarity(b, a)).toBeCloseTo(s, 10);
      }),
    );
  });

  it('suggests likely matches best first, never itself, and only above the threshold', () => {
    const candidates = [
      { id: 'a', name: 'chi lan phu tung' },
      { id: 'b', name: 'Trần Văn Hùng' },
      { id: 'c', name: 'Lan Phụ Tùng Xe Máy' },
      { id: 'self', name: 'Chị Lan Phụ Tùng' },
    ];
    const s = suggestNameMatches('Chị Lan Phụ Tùng', candidates, { excludeId: 'self' });
    expect(s.map((x) => x.id)).toEqual(['a', 'c']);
    expect(s[0]).toMatchObject({ id: 'a', score: 1, kind: 'same-key' });
    expect(s[1]!.kind).toBe('similar');
    expect(
      suggestNameMatches('Chị Lan Phụ Tùng', candidates, { limit: 1, excludeId: 'self' }),
    ).toHaveLength(1);
  });
});

describe('suggestContactDetails', () => {
  it('offers numbers and addresses the customer wrote, newest first, never the shop’s own', () => {
    const s = suggestContactDetails(
      [
        { direction: 'in', text: 'sdt cũ 01689123456', at: 1 },
        { direction: 'out', text: 'Hotline shop 0909000111, email shop@abc.vn' },
        {
          direction: 'in',
          text: 'Số mới 0389123456, mail Lan@Gmail.com, zalo 0912 345 678',
          at: 3,
        },
        { direction: 'in', text: 'ok' },
      ],
      { known: ['+84912345678'] },
    );
    expect(s).toEqual([
      { kind: 'phone', value: '+84389123456', messageIndex: 2, at: 3 },
      { kind: 'email', value: 'lan@gmail.com', messageIndex: 2, at: 3 },
    ]);
  });

  it('looks back only so far', () => {
    const messages = [
      { direction: 'in' as const, text: '0912345678' },
      { direction: 'in' as const, text: 'a' },
      { direction: 'in' as const, text: 'b' },
    ];
    expect(suggestContactDetails(messages, { lookback: 2 })).toEqual([]);
    expect(suggestContactDetails(messages, { lookback: 3 })).toHaveLength(1);
  });
});
