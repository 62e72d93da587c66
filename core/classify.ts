// New or returning, and why. Pure: the caller passes what the records and the visible
// thread say. Orders, VIP and lapsed join here when they exist (see the recognition issue).
import type { Evidence } from './customer-view';
import type { Platform, SnapshotMessage } from './snapshot';
import type { Status } from './status';
import { dayKey } from './text';

export interface ClassifyInput {
  now: number;
  utcOffsetMinutes: number;
  /** Days (`YYYY-MM-DD`) on which our records saw this customer, any platform. */
  recordedDays: readonly string[];
  firstSeenAt: number;
  firstSeenPlatform: Platform;
  /** The messages visible in the open thread. */
  visible: readonly SnapshotMessage[];
}

export interface Classification {
  status: Status;
  evidence: Evidence[];
}

export function classify(input: ClassifyInput): Classification {
  const today = dayKey(input.now, input.utcOffsetMinutes);
  const evidence: Evidence[] = [];

  const earlierDays = input.recordedDays.filter((d) => d < today);
  if (earlierDays.length > 0) {
    evidence.push({
      code: 'earlier-contact-record',
      at: input.firstSeenAt,
      platform: input.firstSeenPlatform,
      days: earlierDays.length,
    });
  }

  // The thread itself remembers customers who wrote before the extension was installed.
  // Only the customer's own messages count: an automated greeting proves nothing.
  const earlierInThread = input.visible
    .filter((m) => m.direction === 'in' && m.at !== undefined)
    .map((m) => m.at as number)
    .filter((at) => dayKey(at, input.utcOffsetMinutes) < today);
  if (earlierInThread.length > 0) {
    evidence.push({ code: 'earlier-contact-thread', at: Math.min(...earlierInThread) });
  }

  if (evidence.length > 0) return { status: 'returning', evidence };
  return {
    status: 'new',
    evidence: [{ code: 'first-contact', at: input.firstSeenAt, platform: input.firstSeenPlatform }],
  };
}
