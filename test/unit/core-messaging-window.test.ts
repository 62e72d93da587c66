import { describe, expect, it } from 'vitest';
import { messagingWindow, splitRemaining, WINDOW_MS } from '@/core/messaging-window';

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 23, 8, 0);
const msg = (direction: 'in' | 'out', at?: number) => ({
  direction,
  text: 'x',
  ...(at !== undefined ? { at } : {}),
});

describe("Meta's 24-hour window", () => {
  it("counts from the customer's last message, not the shop's", () => {
    const w = messagingWindow('messenger', [msg('in', NOW - 5 * H), msg('out', NOW - H)], NOW);
    expect(w).toEqual({ state: 'open', lastIncomingAt: NOW - 5 * H, remainingMs: 19 * H });
  });

  it('warns in the last three hours and says when it closed', () => {
    expect(messagingWindow('instagram', [msg('in', NOW - 22 * H)], NOW).state).toBe('closing');
    expect(messagingWindow('messenger', [msg('in', NOW - 25 * H)], NOW)).toEqual({
      state: 'closed',
      lastIncomingAt: NOW - 25 * H,
      closedAt: NOW - 25 * H + WINDOW_MS,
    });
  });

  it('is unknown without a timed incoming message, absent on Zalo, and never over 24 hours', () => {
    expect(messagingWindow('messenger', [msg('in'), msg('out', NOW)], NOW).state).toBe('unknown');
    expect(messagingWindow('zalo', [msg('in', NOW)], NOW).state).toBe('none');
    const ahead = messagingWindow('messenger', [msg('in', NOW + 10 * 60_000)], NOW);
    expect(ahead).toMatchObject({ state: 'open', remainingMs: WINDOW_MS });
  });

  it('rounds the time left down', () => {
    expect(splitRemaining(2 * H + 59 * 60_000 + 59_999)).toEqual({ hours: 2, minutes: 59 });
    expect(splitRemaining(-5)).toEqual({ hours: 0, minutes: 0 });
  });
});
