import { describe, expect, it } from 'vitest';
import { type ClassifyInput, classify, daysBetween, looksAutomated } from '@/core/classify';
import { EvidenceSchema } from '@/core/customer-view';
import { evidenceText } from '@/core/i18n';
import type { OrderFacts } from '@/core/orders';
import { DEFAULT_RECOGNITION_SETTINGS } from '@/core/settings';

const now = Date.UTC(2026, 10, 23, 3, 0); // 10:00 in Vietnam
const day = 86_400_000;
const base: ClassifyInput = {
  now,
  utcOffsetMinutes: 420,
  recordedDays: ['2026-11-23'],
  firstSeenAt: now,
  firstSeenPlatform: 'zalo' as const,
  visible: [],
};
const order = (daysAgo: number, total: number, status: OrderFacts['status'] = 'delivered') => ({
  placedAt: now - daysAgo * day,
  total,
  status,
});

describe('classify: new and returning', () => {
  it('calls a first-time writer new, with the first contact as evidence', () => {
    const c = classify(base);
    expect(c.status).toBe('new');
    expect(c.evidence).toEqual([{ code: 'first-contact', at: now, platform: 'zalo' }]);
    expect(c.risk).toBeNull();
  });

  it('calls a customer seen on an earlier day returning, counting those days', () => {
    const c = classify({
      ...base,
      recordedDays: ['2026-11-01', '2026-11-20', '2026-11-23'],
      firstSeenAt: now - 22 * day,
    });
    expect(c.status).toBe('returning');
    expect(c.evidence[0]).toEqual({
      code: 'earlier-contact-record',
      at: now - 22 * day,
      platform: 'zalo',
      days: 2,
    });
    expect(evidenceText('vi', c.evidence[0]!)).toBe(
      'Đã liên hệ 2 ngày trước đây, lần đầu 01/11/2026 trên Zalo',
    );
  });

  it('trusts the visible thread on a fresh install: an earlier-day message makes them returning', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'in', text: 'Shop ơi còn áo không', at: now - 40 * day },
        { direction: 'in', text: 'Mình muốn đặt lại', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('returning');
    expect(c.evidence).toContainEqual({ code: 'earlier-contact-thread', at: now - 40 * day });
  });

  it('does not count an automated greeting (no sender, greeting text) as contact', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'out', text: 'Cảm ơn bạn đã nhắn tin!', at: now - 3 * day },
        { direction: 'in', text: 'Giá bao nhiêu ạ', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('new');
    expect(c.evidence).toContainEqual({ code: 'automated-only', at: now - 3 * day });
    expect(evidenceText('vi', { code: 'automated-only', at: now - 3 * day })).toContain(
      'trả lời tự động',
    );
  });

  it('does not count a Meta "Automated reply" even when it has a sender', () => {
    const c = classify({
      ...base,
      visible: [
        {
          direction: 'out',
          text: 'Shop sẽ phản hồi trong ít phút',
          sentBy: 'Khách Quen Shop · Trả lời tự động',
          at: now - 10 * day,
        },
        { direction: 'in', text: 'Còn size M không', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('new');
  });

  it('counts a real earlier conversation with the shop’s human reply, even with the customer’s side scrolled away', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'out', text: 'Dạ áo này còn size M ạ', sentBy: 'Lan', at: now - 30 * day },
        { direction: 'in', text: 'Shop ơi', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('returning');
    expect(c.evidence[0]).toEqual({ code: 'earlier-contact-thread', at: now - 30 * day });
  });

  it('counts an automated greeting followed by a real earlier exchange', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'out', text: 'Xin chào! Shop có thể giúp gì cho bạn?', at: now - 9 * day },
        { direction: 'in', text: 'Áo này bao nhiêu', at: now - 9 * day + 60_000 },
        { direction: 'out', text: 'Dạ 250k ạ', at: now - 9 * day + 120_000 },
        { direction: 'in', text: 'Mình lấy 1 cái', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('returning');
    expect(c.evidence[0]).toEqual({ code: 'earlier-contact-thread', at: now - 9 * day + 60_000 });
  });

  it('ignores system lines ("You are now connected…") on earlier days', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'system', text: 'Bạn đã kết nối với Lan', at: now - 5 * day },
        { direction: 'in', text: 'Hi shop', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('new');
  });

  it('counts a message from late last night (local time) as an earlier day once they write today', () => {
    const lastNight = Date.UTC(2026, 10, 22, 16, 30); // 23:30 on 22 Nov in Vietnam
    const c = classify({
      ...base,
      visible: [
        { direction: 'in', text: 'hi', at: lastNight },
        { direction: 'in', text: 'shop ơi', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('returning');
    // 00:30 today in Vietnam is still 22 Nov in UTC, but it is today for the shop.
    const justAfterMidnight = Date.UTC(2026, 10, 22, 17, 30);
    expect(
      classify({
        ...base,
        visible: [
          { direction: 'in', text: 'hi', at: justAfterMidnight },
          { direction: 'in', text: 'shop ơi', at: now - 60_000 },
        ],
      }).status,
    ).toBe('new');
  });

  it('keeps last night’s unanswered message in the current exchange (morning backlog is not "returning")', () => {
    const lastNight = Date.UTC(2026, 10, 22, 16, 30);
    const c = classify({
      ...base,
      visible: [
        { direction: 'in', text: 'Còn màu đen không shop', at: lastNight },
        { direction: 'out', text: 'Dạ còn ạ', sentBy: 'Lan', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('new');
    expect(c.evidence[0]).toEqual({ code: 'first-contact', at: lastNight, platform: 'zalo' });
  });

  it('dates a message without a time by the next timed one', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'in', text: 'Cho mình hỏi giá' },
        { direction: 'out', text: 'Dạ 200k ạ', sentBy: 'Lan', at: now - 20 * day },
        { direction: 'in', text: 'Mình đặt nhé', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('returning');
    expect(c.evidence[0]).toEqual({ code: 'earlier-contact-thread', at: now - 20 * day });
  });

  it('does not guess for untimed messages with nothing timed after them', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'in', text: 'a' },
        { direction: 'in', text: 'b' },
      ],
    });
    expect(c.status).toBe('new');
  });
});

describe('classify: orders, VIP, lapsed, risk', () => {
  it('calls someone with orders a customer, with count, recency and total', () => {
    const c = classify({
      ...base,
      orders: [order(45, 300_000), order(100, 500_000), order(200, 450_000, 'pending')],
    });
    expect(c.status).toBe('customer');
    expect(c.evidence[0]).toEqual({
      code: 'orders',
      count: 3,
      at: now - 45 * day,
      daysAgo: 45,
      amount: 1_250_000,
    });
    const vi = evidenceText('vi', c.evidence[0]!);
    expect(vi).toContain('3 đơn, gần nhất 45 ngày trước');
    expect(vi).toMatch(/tổng 1\.250\.000\s₫/);
    expect(evidenceText('en', c.evidence[0]!)).toMatch(/^3 orders, last 45 days ago, total/);
  });

  it('calls a customer whose last order is older than the threshold lapsed', () => {
    const c = classify({ ...base, orders: [order(120, 300_000)] });
    expect(c.status).toBe('lapsed');
    expect(c.evidence[0]).toEqual({
      code: 'lapsed',
      at: now - 120 * day,
      daysAgo: 120,
      threshold: 90,
    });
    expect(evidenceText('vi', c.evidence[0]!)).toBe(
      'Lâu chưa mua: đơn gần nhất 120 ngày trước (ngưỡng 90 ngày)',
    );
    const custom = { ...DEFAULT_RECOGNITION_SETTINGS, lapsedAfterDays: 180 };
    expect(classify({ ...base, orders: [order(120, 300_000)], settings: custom }).status).toBe(
      'customer',
    );
  });

  it('takes a VIP label (any case, with or without diacritics) over everything else', () => {
    for (const label of ['VIP', 'khách vip', 'VIP Vàng']) {
      const c = classify({ ...base, labels: ['Sỉ', label], orders: [order(400, 1)] });
      expect(c.status, label).toBe('vip');
      expect(c.evidence[0]).toEqual({ code: 'vip-label', label });
    }
    expect(classify({ ...base, labels: ['Vipro shop'] }).status).toBe('new');
    expect(classify({ ...base, labels: ['Thân thiết'] }).status).toBe('new');
    const settings = { ...DEFAULT_RECOGNITION_SETTINGS, vipLabels: ['Thân thiết'] };
    expect(classify({ ...base, labels: ['than thiet'], settings }).status).toBe('vip');
  });

  it('makes a top RFM customer VIP, but only over enough customers and with recent orders', () => {
    const orders = [order(3, 5_000_000), order(20, 4_000_000)];
    const rfm = { r: 5, f: 5, m: 4, population: 500 };
    const c = classify({ ...base, orders, rfm });
    expect(c.status).toBe('vip');
    expect(c.evidence[0]).toEqual({ code: 'vip-rfm', r: 5, f: 5, m: 4, score: 14, threshold: 13 });
    expect(evidenceText('vi', c.evidence[0]!)).toBe('Điểm RFM 5-5-4 (tổng 14, VIP từ 13)');
    expect(classify({ ...base, orders, rfm: { ...rfm, population: 10 } }).status).toBe('customer');
    expect(classify({ ...base, orders, rfm: { r: 2, f: 5, m: 5, population: 500 } }).status).toBe(
      'customer',
    );
    expect(classify({ ...base, orders, rfm: { r: 4, f: 4, m: 4, population: 500 } }).status).toBe(
      'customer',
    );
  });

  it('prefers lapsed to an RFM VIP tier (a win-back case), but not to a VIP label', () => {
    const orders = [order(200, 9_000_000)];
    const rfm = { r: 5, f: 5, m: 5, population: 500 };
    expect(classify({ ...base, orders, rfm }).status).toBe('lapsed');
    expect(classify({ ...base, orders, rfm, labels: ['VIP'] }).status).toBe('vip');
  });

  it('flags failed and returned deliveries ("bom hàng") with the counts, whatever the status', () => {
    const c = classify({
      ...base,
      orders: [
        order(2, 300_000, 'failed'),
        order(10, 200_000, 'returned'),
        order(30, 100_000, 'failed'),
      ],
    });
    expect(c.status).toBe('customer');
    expect(c.risk).toEqual({ failed: 2, returned: 1, rate: 1 });
    const risk = c.evidence.find((e) => e.code === 'delivery-risk')!;
    expect(risk).toEqual({ code: 'delivery-risk', failed: 2, returned: 1 });
    expect(evidenceText('vi', risk)).toBe('Rủi ro bom hàng: 2 đơn giao thất bại, 1 đơn bị hoàn');
    // Nothing was kept, so nothing was spent.
    expect(c.evidence[0]).toMatchObject({ code: 'orders', count: 3, amount: 0 });
  });

  it('does not count cancelled orders as buying', () => {
    const c = classify({ ...base, orders: [order(5, 300_000, 'cancelled')] });
    expect(c.status).toBe('new');
    expect(c.evidence).toContainEqual({ code: 'orders-cancelled', count: 1 });
    expect(evidenceText('en', { code: 'orders-cancelled', count: 1 })).toBe(
      '1 order, all cancelled',
    );
  });

  it('says "today" and "yesterday" for recent orders', () => {
    const today = classify({ ...base, orders: [order(0, 100_000)] });
    expect(evidenceText('vi', today.evidence[0]!)).toContain('gần nhất hôm nay');
    const yesterday = classify({ ...base, orders: [order(1, 100_000)] });
    expect(evidenceText('en', yesterday.evidence[0]!)).toContain('last yesterday');
  });
});

describe('classify: weak identity', () => {
  it('is unknown when the identity rests on the display name and the thread proves nothing', () => {
    const c = classify({
      ...base,
      idConfidence: 'weak',
      recordedDays: ['2026-10-01', '2026-11-23'],
      orders: [order(10, 100_000)],
      labels: ['VIP'],
    });
    expect(c.status).toBe('unknown');
    expect(c.evidence).toEqual([{ code: 'weak-identity' }]);
  });

  it('still trusts the thread itself for a weak identity', () => {
    const c = classify({
      ...base,
      idConfidence: 'weak',
      visible: [
        { direction: 'in', text: 'hello', at: now - 8 * day },
        { direction: 'in', text: 'lại là mình', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('returning');
    expect(c.evidence.map((e) => e.code)).toEqual(['earlier-contact-thread', 'weak-identity']);
  });
});

describe('classify: every evidence is valid and renders in both languages', () => {
  it('produces schema-valid evidence with no unfilled placeholders', () => {
    const inputs: ClassifyInput[] = [
      base,
      { ...base, recordedDays: ['2026-01-01', '2026-11-23'] },
      { ...base, orders: [order(3, 1), order(5, 2, 'failed')], labels: ['VIP'] },
      { ...base, orders: [order(300, 1)] },
      { ...base, orders: [order(1, 1)], rfm: { r: 5, f: 5, m: 5, population: 100 } },
      { ...base, idConfidence: 'weak' },
    ];
    for (const input of inputs) {
      for (const e of classify(input).evidence) {
        expect(EvidenceSchema.safeParse(e).success, e.code).toBe(true);
        for (const locale of ['vi', 'en'] as const) {
          const text = evidenceText(locale, e);
          expect(text, `${locale} ${e.code}`).not.toMatch(/\{|\}|undefined|NaN/);
          expect(text.length).toBeGreaterThan(5);
        }
      }
    }
  });
});

describe('looksAutomated and daysBetween', () => {
  it('tells greeting templates from human replies', () => {
    expect(looksAutomated({ direction: 'out', text: 'Xin chào! Chúng tôi có thể giúp gì?' })).toBe(
      true,
    );
    expect(
      looksAutomated({
        direction: 'out',
        text: 'Thanks for messaging us. We’ll get back to you soon.',
      }),
    ).toBe(true);
    expect(looksAutomated({ direction: 'out', text: 'Hi', sentBy: 'Automated reply' })).toBe(true);
    expect(looksAutomated({ direction: 'out', text: 'Xin chào', sentBy: 'Lan' })).toBe(false);
    expect(looksAutomated({ direction: 'out', text: 'Dạ áo còn size M ạ' })).toBe(false);
    expect(looksAutomated({ direction: 'in', text: 'Cảm ơn bạn đã nhắn tin' })).toBe(false);
  });
  it('counts calendar days across months', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toBe(3);
    expect(daysBetween('2026-11-02', '2026-11-02')).toBe(0);
  });
});

describe('classify: a linked identity', () => {
  it('counts the linked customer’s earlier contact, the same day on another platform too', () => {
    const c = classify({
      ...base,
      link: { by: 'phone', value: '+84912345678', at: now - 3_600_000, platform: 'messenger' },
    });
    expect(c.status).toBe('returning');
    expect(c.evidence[0]).toEqual({
      code: 'linked-phone',
      value: '+84912345678',
      at: now - 3_600_000,
      platform: 'messenger',
    });
    expect(EvidenceSchema.safeParse(c.evidence[0]).success).toBe(true);
    expect(evidenceText('vi', c.evidence[0]!)).toMatch(
      /^Liên kết qua số điện thoại \+84912345678, gặp lần đầu \d\d\/\d\d\/2026 trên Messenger$/,
    );
  });

  it('never trusts a link on a weak identity', () => {
    const c = classify({
      ...base,
      idConfidence: 'weak',
      link: { by: 'email', value: 'a@b.vn', at: now - day, platform: 'zalo' },
    });
    expect(c.status).toBe('unknown');
  });
});
