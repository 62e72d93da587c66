import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractPhonesVN, normalizePhoneVN, OLD_MOBILE_PREFIXES } from '@/core/phone';

// [input, expected E.164 or null]
const NORMALIZE: [string, string | null][] = [
  ['0912345678', '+84912345678'],
  ['0912 345 678', '+84912345678'],
  ['0912.345.678', '+84912345678'],
  ['0912-345-678', '+84912345678'],
  ['091 234 5678', '+84912345678'],
  ['+84912345678', '+84912345678'],
  ['+84 912 345 678', '+84912345678'],
  ['+84 (0) 912 345 678', '+84912345678'],
  ['+840912345678', '+84912345678'],
  ['(+84) 912 345 678', '+84912345678'],
  ['(+84)912345678', '+84912345678'],
  ['84912345678', '+84912345678'],
  ['84 912 345 678', '+84912345678'],
  ['0084912345678', '+84912345678'],
  ['912345678', '+84912345678'], // a spreadsheet dropped the 0
  ['\u00a00912\u00a0345\u00a0678 ', '+84912345678'],
  ['０９１２３４５６７８', '+84912345678'], // full-width digits
  ['0386123456', '+84386123456'], // Viettel 03x
  ['0778123456', '+84778123456'], // MobiFone 07x
  ['0856123456', '+84856123456'], // VinaPhone 08x
  ['0586123456', '+84586123456'], // Vietnamobile 05x
  ['0598123456', '+84598123456'], // Gmobile 059
  ['0888123456', '+84888123456'],
  ['0868123456', '+84868123456'],
  // pre-2018 11-digit mobile numbers
  ['01689123456', '+84389123456'],
  ['0168 912 3456', '+84389123456'],
  ['01629 123 456', '+84329123456'],
  ['01212345678', '+84792345678'],
  ['0120 123 4567', '+84701234567'],
  ['01234567890', '+84834567890'],
  ['01279999999', '+84819999999'],
  ['01868123456', '+84568123456'],
  ['01888123456', '+84588123456'],
  ['01999123456', '+84599123456'],
  ['+84 1689 123 456', '+84389123456'],
  ['841689123456', '+84389123456'],
  // landlines (02x)
  ['02838234567', '+842838234567'],
  ['028 3823 4567', '+842838234567'],
  ['(028) 3823 4567', '+842838234567'],
  ['024.3826.1234', '+842438261234'],
  ['0236 3822 123', '+842363822123'],
  ['+84 28 3823 4567', '+842838234567'],
  // not Vietnamese personal numbers
  ['', null],
  ['abc', null],
  ['1900 1234', null], // premium-rate hotline
  ['1800 1234', null], // toll-free
  ['1800 599 920', null],
  ['091234567', null], // one digit short
  ['09123456789', null], // one digit too many
  ['0112345678', null], // 011 is not allocated
  ['0012345678', null],
  ['+1 415 555 2671', null],
  ['+44 20 7946 0958', null],
  ['0912345678 ext 12', null],
  ['0912a345678', null],
  ['01601234567', null], // 0160 was never a mobile prefix
  ['0199 12 34', null],
  ['12/03/2026', null],
  ['1.200.000', null],
  ['0123456789012', null], // bank-account length
  ['09 12', null],
  ['+', null],
];

describe('normalizePhoneVN', () => {
  it.each(NORMALIZE)('%j → %s', (input, expected) => {
    expect(normalizePhoneVN(input)).toBe(expected);
  });
});

// [message, numbers it contains]
const EXTRACT: [string, string[]][] = [
  ['sđt em 0912345678 nha shop', ['+84912345678']],
  ['SĐT: 0912.345.678', ['+84912345678']],
  ['sdt0912345678', ['+84912345678']],
  ['sđt:0912345678', ['+84912345678']],
  ['Chị Lan0912345678', ['+84912345678']],
  ['gọi em0912345678 nhé', ['+84912345678']],
  ['0912345678nhé shop', ['+84912345678']],
  ['zalo 0912 345 678 hoặc 0987-654-321', ['+84912345678', '+84987654321']],
  ['0912345678, 0987654321', ['+84912345678', '+84987654321']],
  ['0912345678,0987654321', ['+84912345678', '+84987654321']],
  ['ĐT: 0912345678/0987654321', ['+84912345678', '+84987654321']],
  ['0912345678 0987654321', ['+84912345678', '+84987654321']],
  ['0912 345 678 0987 654 321', ['+84912345678', '+84987654321']],
  ['số cũ 01689123456 giờ là 0389123456', ['+84389123456']],
  ['(+84) 912 345 678', ['+84912345678']],
  ['liên hệ +84 912345678', ['+84912345678']],
  ['+84 (0) 912 345 678', ['+84912345678']],
  ['nhà riêng (028) 3823 4567', ['+842838234567']],
  ['Giao cho em: Lan - 0912345678 - 12 Nguyễn Trãi Q1', ['+84912345678']],
  ['lấy 2 cái 0912345678 2 cái nữa', ['+84912345678']],
  ['ngày 12-03-2026 0912345678', ['+84912345678']],
  ['0912345678\n0987654321', ['+84912345678', '+84987654321']],
  ['người nhận Lan, 0912345678. Cảm ơn shop', ['+84912345678']],
  ['sdt\u00a00912\u00a0345\u00a0678', ['+84912345678']],
  ['em Hương 038 912 3456 ship COD', ['+84389123456']],
  ['Mã ĐH: 240312ABCD sdt 0988777666', ['+84988777666']],
  ['stk mb 0988777666 chủ tk Lan, sdt 0912345678', ['+84912345678']],
  ['tổng đơn 2 cái 350.000đ sdt 0988777666', ['+84988777666']],
  // not phone numbers
  ['Mã đơn: 0912345678', []],
  ['mã vận đơn 0912345678 nhé', []],
  ['DH0912345678', []],
  ['SPX0912345678VN', []],
  ['0912345678VN', []],
  ['#0912345678', []],
  ['STK 0912345678 Vietcombank', []],
  ['số tài khoản: 0912 345 678', []],
  ['stk0912345678', []],
  ['chuyển khoản 190365432100 techcombank', []],
  ['0912345678901 là số tk', []],
  ['0912 345 678 123', []],
  ['giá 1.200.000đ ship 30.000', []],
  ['tổng 19.000.000 nha', []],
  ['hotline 1900 1234', []],
  ['ngày 12/03/2026 em đặt', []],
  ['đặt ngày 02.03.2026', []],
  ['2026-03-12', []],
  ['lan0912345678@gmail.com', []],
  ['https://shop.vn/p/0912345678', []],
  ['facebook.com/0912345678', []],
  ['size 38, cao 160cm nặng 50kg', []],
  ['0912345678k', []],
  ['CCCD 012345678901', []],
  ['', []],
];

describe('extractPhonesVN', () => {
  it.each(EXTRACT)('%j → %j', (text, expected) => {
    expect(extractPhonesVN(text)).toEqual(expected);
  });

  it('has a table of at least 60 real-world-shaped cases across both functions', () => {
    expect(NORMALIZE.length + EXTRACT.length).toBeGreaterThanOrEqual(60);
  });

  it('lists a number once, in order of first appearance', () => {
    expect(extractPhonesVN('0987654321 rồi 0912345678 rồi 0987.654.321 và 84987654321')).toEqual([
      '+84987654321',
      '+84912345678',
    ]);
  });
});

// A valid 10-digit mobile number, national form, from real new-plan prefixes.
const MOBILE_PREFIXES = ['32', '38', '39', '70', '79', '77', '81', '85', '86', '88', '91', '98'];
const mobile = fc
  .tuple(fc.constantFrom(...MOBILE_PREFIXES), fc.stringMatching(/^\d{7}$/))
  .map(([p, rest]) => `0${p}${rest}`);

/** Ways people write the same number. */
const written = (n: string) =>
  fc.constantFrom(
    n,
    `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
    `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`,
    `${n.slice(0, 4)}-${n.slice(4, 7)}-${n.slice(7)}`,
    `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
    `+84${n.slice(1)}`,
    `+84 ${n.slice(1, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
    `(+84) ${n.slice(1)}`,
    `84${n.slice(1)}`,
  );

describe('phone properties', () => {
  it('every way of writing a number normalises to the same E.164', () => {
    fc.assert(
      fc.property(
        mobile.chain((n) => fc.tuple(fc.constant(n), written(n))),
        ([n, w]) => {
          expect(normalizePhoneVN(w)).toBe(`+84${n.slice(1)}`);
        },
      ),
    );
  });

  it('normalising is idempotent and always yields +84 followed by 9 or 10 digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const e = normalizePhoneVN(s);
        if (e !== null) {
          expect(e).toMatch(/^\+84\d{9,10}$/);
          expect(normalizePhoneVN(e)).toBe(e);
        }
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 .+-]{0,16}$/), (s) => {
        const e = normalizePhoneVN(s);
        if (e !== null) expect(normalizePhoneVN(e)).toBe(e);
      }),
    );
  });

  it('an old 11-digit number and its successor are the same person', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(OLD_MOBILE_PREFIXES)),
        fc.stringMatching(/^\d{7}$/),
        (old, rest) => {
          const successor = OLD_MOBILE_PREFIXES[old]!;
          expect(normalizePhoneVN(`0${old}${rest}`)).toBe(`+84${successor}${rest}`);
          expect(normalizePhoneVN(`0${successor}${rest}`)).toBe(`+84${successor}${rest}`);
        },
      ),
    );
  });

  it('finds a number written any usual way inside any surrounding words', () => {
    const words = fc.constantFrom('', 'sđt ', 'zalo: ', 'em là Lan ', 'gọi ', 'số ');
    const tails = fc.constantFrom('', ' nhé', ' ạ', '. Cảm ơn shop', ' giao giờ hành chính');
    fc.assert(
      fc.property(
        mobile.chain((n) => fc.tuple(fc.constant(n), written(n))),
        words,
        tails,
        ([n, w], before, after) => {
          expect(extractPhonesVN(`${before}${w}${after}`)).toEqual([`+84${n.slice(1)}`]);
        },
      ),
    );
  });

  it('finds every one of several numbers, once each, in order', () => {
    fc.assert(
      fc.property(
        fc.array(mobile, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(', ', ' / ', ' hoặc ', '\n'),
        (ns, sep) => {
          const expected = [...new Set(ns)].map((n) => `+84${n.slice(1)}`);
          expect(extractPhonesVN(ns.join(sep))).toEqual(expected);
        },
      ),
    );
  });

  it('never reads a phone number out of a long digit run (bank account, tracking code)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,19}$/), (run) => {
        expect(extractPhonesVN(`STK ${run}`)).toEqual([]);
        expect(extractPhonesVN(`mã ${run} nhé`)).toEqual([]);
        expect(extractPhonesVN(run)).toEqual(
          normalizePhoneVN(run) === null ? [] : [normalizePhoneVN(run)],
        );
      }),
    );
  });

  it('never reads a date or a price as a phone number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2000, max: 2030 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        (d, m, y, price) => {
          const dd = String(d).padStart(2, '0');
          const mm = String(m).padStart(2, '0');
          for (const date of [
            `${dd}/${mm}/${y}`,
            `${dd}-${mm}-${y}`,
            `${dd}.${mm}.${y}`,
            `${y}-${mm}-${dd}`,
          ]) {
            expect(extractPhonesVN(`ngày ${date} nhé`)).toEqual([]);
          }
          const p = price.toLocaleString('de-DE');
          expect(extractPhonesVN(`giá ${p}đ`)).toEqual([]);
          expect(extractPhonesVN(`${Math.round(price / 1000)}k`)).toEqual([]);
        },
      ),
    );
  });
});

describe('phone extraction on long messages', () => {
  it('stays fast on a 20,000-character message full of digit groups', () => {
    const text =
      `${'1 2 3 4 5 6 7 8 9 0 '.repeat(500)}sdt 0912345678 ${'12.34-56 '.repeat(1000)}`.slice(
        0,
        20_000,
      );
    const start = performance.now();
    const found = extractPhonesVN(text);
    // A guard against catastrophic backtracking (which takes seconds), not a speed target.
    expect(performance.now() - start).toBeLessThan(2000);
    expect(found).toEqual(['+84912345678']);
  });
});
