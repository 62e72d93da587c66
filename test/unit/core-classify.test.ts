import { describe, expect, it } from 'vitest';
import { classify } from '@/core/classify';

const now = Date.UTC(2026, 10, 23, 3, 0); // 10:00 in Vietnam
const day = 86_400_000;
const base = {
  now,
  utcOffsetMinutes: 420,
  recordedDays: ['2026-11-23'],
  firstSeenAt: now,
  firstSeenPlatform: 'zalo' as const,
  visible: [],
};

describe('classify', () => {
  it('calls a first-time writer new, with the first contact as evidence', () => {
    const c = classify(base);
    expect(c.status).toBe('new');
    expect(c.evidence).toEqual([{ code: 'first-contact', at: now, platform: 'zalo' }]);
  });

  it('calls a customer seen on an earlier day returning, counting those days', () => {
    const c = classify({
      ...base,
      recordedDays: ['2026-11-01', '2026-11-20', '2026-11-23'],
      firstSeenAt: now - 22 * day,
    });
    expect(c.status).toBe('returning');
    expect(c.evidence[0]).toMatchObject({ code: 'earlier-contact-record', days: 2 });
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

  it('does not count the shop’s own earlier message (an automated greeting) as contact', () => {
    const c = classify({
      ...base,
      visible: [
        { direction: 'out', text: 'Cảm ơn bạn đã nhắn tin!', at: now - 3 * day },
        { direction: 'in', text: 'Giá bao nhiêu ạ', at: now - 60_000 },
      ],
    });
    expect(c.status).toBe('new');
  });

  it('counts a message from late last night (local time) as an earlier day', () => {
    const lastNight = Date.UTC(2026, 10, 22, 16, 30); // 23:30 on 22 Nov in Vietnam
    expect(
      classify({ ...base, visible: [{ direction: 'in', text: 'hi', at: lastNight }] }).status,
    ).toBe('returning');
  });
});
