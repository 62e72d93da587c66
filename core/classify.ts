// The badge: one function decides new / returning / customer / vip / lapsed / unknown from
// what the records, the orders, the labels and the visible thread say, and hands back every
// reason as structured evidence. Pure: the caller gathers the facts.
import type { Evidence } from './customer-view';
import { type DeliveryRisk, deliveryRisk, type OrderFacts, summarizeOrders } from './orders';
import type { RfmScore } from './rfm';
import { DEFAULT_RECOGNITION_SETTINGS, type RecognitionSettings } from './settings';
import type { Platform, SnapshotMessage } from './snapshot';
import type { Status } from './status';
import { dayKey, nameKey } from './text';

export interface ClassifyInput {
  now: number;
  /** Shop's fixed offset east of UTC, minutes (Vietnam: 420); decides day boundaries. */
  utcOffsetMinutes: number;
  /** Days (`YYYY-MM-DD`, shop-local) our records saw this customer, any platform, local and remote merged. */
  recordedDays: readonly string[];
  /** Earliest sighting in our records (local or remote). */
  firstSeenAt: number;
  firstSeenPlatform: Platform;
  /** The messages visible in the open thread, in display (chronological) order. */
  visible: readonly SnapshotMessage[];
  /** `weak`: the identity rests on the display name, so records are not trusted. Default strong. */
  idConfidence?: 'strong' | 'weak';
  /** The customer's orders, any status. */
  orders?: readonly OrderFacts[];
  /** Names of the labels assigned to the customer. */
  labels?: readonly string[];
  /** RFM scores from the shop's RfmIndex, when the customer has kept orders. */
  rfm?: RfmScore;
  /** Defaults to DEFAULT_RECOGNITION_SETTINGS. */
  settings?: RecognitionSettings;
  /**
   * This identity joined a customer already known through another identity (the customer
   * wrote a phone number or e-mail that customer carries, or an agent merged them). The
   * customer's earlier contact counts, even on the same day on another platform.
   */
  link?: IdentityLink;
}

export interface IdentityLink {
  by: 'phone' | 'email' | 'agent';
  /** The phone number or e-mail address the link rests on. */
  value?: string;
  /** The linked customer's first contact, and where. */
  at: number;
  platform: Platform;
}

export interface Classification {
  status: Status;
  /** The reason that decided the status first, then the supporting ones. */
  evidence: Evidence[];
  /** Failed / returned deliveries ("bom hàng"), shown as a flag whatever the status. */
  risk: DeliveryRisk | null;
}

const DAY_MS = 86_400_000;

/** Whole calendar days from day key `a` to day key `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

const AUTOMATED_MARK =
  /automated|auto[- ]?reply|auto[- ]?response|instant reply|away message|tra loi tu dong|phan hoi tu dong|tin nhan tu dong|tin nhan chao mung|\bbot\b|chatbot/;

/** Phrases of greeting / instant-reply templates (diacritics folded). */
const GREETING_PHRASES = [
  'cam on ban da nhan tin',
  'cam on ban da lien he',
  'cam on quy khach da',
  'cam on anh chi da',
  'cam on ban da quan tam',
  'chao mung',
  'se phan hoi',
  'se tra loi',
  'se lien he lai',
  'phan hoi som nhat',
  'tra loi som nhat',
  'vui long de lai',
  'shop co the giup gi',
  'chung toi co the giup gi',
  'co the giup gi cho',
  'thanks for messaging',
  'thank you for messaging',
  'thanks for contacting',
  'thank you for contacting',
  'thanks for reaching out',
  'thank you for reaching out',
  'get back to you',
  'how can we help',
  'typically replies',
  'welcome to',
];

const GREETING_START = /^(xin chao|chao (ban|anh|chi|quy khach|mung)|hi|hello|hey|welcome)\b/;

/**
 * An outgoing message that looks automated: Meta marks it ("Sent by … · Automated reply",
 * "Trả lời tự động"), or nobody signed it and it reads like a greeting template.
 */
export function looksAutomated(m: SnapshotMessage): boolean {
  if (m.direction !== 'out') return false;
  const by = nameKey(m.sentBy ?? '');
  const text = nameKey(m.text);
  if (AUTOMATED_MARK.test(by) || AUTOMATED_MARK.test(text.slice(0, 300))) return true;
  if (m.sentBy !== undefined && by !== '') return false;
  if (GREETING_PHRASES.some((p) => text.includes(p))) return true;
  return GREETING_START.test(text) && text.split(' ').length <= 8;
}

/**
 * Shop-local day of each message, or, for a message without a time, an upper bound: the
 * day of the next message that has one (the thread is in order). Undefined when unknown.
 */
export function messageDays(
  visible: readonly SnapshotMessage[],
  offset: number,
): (string | undefined)[] {
  const days: (string | undefined)[] = new Array(visible.length);
  let next: string | undefined;
  for (let i = visible.length - 1; i >= 0; i--) {
    const at = visible[i]!.at;
    if (at !== undefined) next = dayKey(at, offset);
    days[i] = next;
  }
  return days;
}

/**
 * The day of the current exchange: the day of the customer's latest message (so a
 * message left last night and answered this morning is not "an earlier day"), or today
 * when the thread does not say.
 */
function exchangeDay(
  visible: readonly SnapshotMessage[],
  days: (string | undefined)[],
  today: string,
): string {
  for (let i = visible.length - 1; i >= 0; i--) {
    if (visible[i]!.direction !== 'in') continue;
    const d = days[i];
    return d !== undefined && d < today ? d : today;
  }
  return today;
}

function isVipLabel(label: string, vipLabels: readonly string[]): string | undefined {
  const key = ` ${nameKey(label).replace(/[^a-z0-9]+/g, ' ')} `;
  for (const vip of vipLabels) {
    const v = nameKey(vip)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
    if (v && key.includes(` ${v} `)) return label;
  }
  return undefined;
}

export function classify(input: ClassifyInput): Classification {
  const settings = input.settings ?? DEFAULT_RECOGNITION_SETTINGS;
  const offset = input.utcOffsetMinutes;
  const today = dayKey(input.now, offset);
  const weak = input.idConfidence === 'weak';

  // --- contact: records and the visible thread -------------------------------------
  const days = messageDays(input.visible, offset);
  const current = exchangeDay(input.visible, days, today);
  const contact: Evidence[] = [];

  const earlierDays = weak ? [] : [...new Set(input.recordedDays)].filter((d) => d < current);
  if (earlierDays.length > 0) {
    contact.push({
      code: 'earlier-contact-record',
      at: input.firstSeenAt,
      platform: input.firstSeenPlatform,
      days: earlierDays.length,
    });
  }

  if (input.link && !weak) {
    const { by, value, at, platform } = input.link;
    contact.push({
      code: `linked-${by}`,
      at,
      platform,
      ...(value !== undefined ? { value } : {}),
    });
  }

  // The thread remembers customers who wrote before the extension was installed. An
  // automated greeting proves nothing; the customer's messages and the shop's human
  // replies on an earlier day do.
  let earliestReal: number | undefined;
  let earliestAutomated: number | undefined;
  let earliestIncoming: number | undefined;
  input.visible.forEach((m, i) => {
    if (m.direction === 'in' && m.at !== undefined) {
      earliestIncoming = Math.min(earliestIncoming ?? m.at, m.at);
    }
    const d = days[i];
    if (m.direction === 'system' || d === undefined || d >= current) return;
    // A message without its own time is dated by the next timed one (an upper bound).
    const at = m.at ?? nextTime(input.visible, i);
    if (looksAutomated(m)) earliestAutomated = Math.min(earliestAutomated ?? at, at);
    else earliestReal = Math.min(earliestReal ?? at, at);
  });
  if (earliestReal !== undefined) {
    contact.push({ code: 'earlier-contact-thread', at: earliestReal });
  }

  const hasEarlierContact = contact.length > 0;
  if (!hasEarlierContact) {
    const firstAt = Math.min(input.firstSeenAt, earliestIncoming ?? input.firstSeenAt);
    contact.push({ code: 'first-contact', at: firstAt, platform: input.firstSeenPlatform });
    if (earliestAutomated !== undefined) {
      contact.push({ code: 'automated-only', at: earliestAutomated });
    }
  }

  if (weak) {
    const evidence: Evidence[] = [{ code: 'weak-identity' }];
    if (hasEarlierContact)
      return { status: 'returning', evidence: [...contact, ...evidence], risk: null };
    return { status: 'unknown', evidence, risk: null };
  }

  // --- orders, labels, RFM --------------------------------------------------------------
  const summary = summarizeOrders(input.orders ?? []);
  const risk = deliveryRisk(summary);
  const riskEvidence: Evidence[] = risk
    ? [{ code: 'delivery-risk', failed: risk.failed, returned: risk.returned }]
    : [];

  const vipLabel = (input.labels ?? [])
    .map((l) => isVipLabel(l, settings.vipLabels))
    .find((l) => l !== undefined);
  const labelEvidence: Evidence[] = vipLabel ? [{ code: 'vip-label', label: vipLabel }] : [];

  const orderEvidence: Evidence[] = [];
  let lapsedEvidence: Evidence | undefined;
  if (summary.placed > 0 && summary.lastOrderAt !== null) {
    const daysAgo = Math.max(0, daysBetween(dayKey(summary.lastOrderAt, offset), today));
    orderEvidence.push({
      code: 'orders',
      count: summary.placed,
      at: summary.lastOrderAt,
      daysAgo,
      amount: summary.spent,
    });
    if (daysAgo > settings.lapsedAfterDays) {
      lapsedEvidence = {
        code: 'lapsed',
        at: summary.lastOrderAt,
        daysAgo,
        threshold: settings.lapsedAfterDays,
      };
    }
  } else if (summary.cancelled > 0) {
    orderEvidence.push({ code: 'orders-cancelled', count: summary.cancelled });
  }

  let rfmEvidence: Evidence | undefined;
  const rfm = input.rfm;
  if (
    rfm &&
    summary.kept > 0 &&
    rfm.population >= settings.rfmMinCustomers &&
    rfm.r >= settings.vipMinRecencyScore &&
    rfm.r + rfm.f + rfm.m >= settings.vipMinRfmScore
  ) {
    rfmEvidence = {
      code: 'vip-rfm',
      r: rfm.r,
      f: rfm.f,
      m: rfm.m,
      score: rfm.r + rfm.f + rfm.m,
      threshold: settings.vipMinRfmScore,
    };
  }

  const rest = [...orderEvidence, ...contact, ...riskEvidence];
  if (vipLabel) return { status: 'vip', evidence: [...labelEvidence, ...rest], risk };
  if (lapsedEvidence) return { status: 'lapsed', evidence: [lapsedEvidence, ...rest], risk };
  if (rfmEvidence) return { status: 'vip', evidence: [rfmEvidence, ...rest], risk };
  if (summary.placed > 0) return { status: 'customer', evidence: rest, risk };
  const status: Status = hasEarlierContact ? 'returning' : 'new';
  return { status, evidence: [...contact, ...orderEvidence, ...riskEvidence], risk };
}

function nextTime(visible: readonly SnapshotMessage[], i: number): number {
  for (let j = i + 1; j < visible.length; j++) {
    const at = visible[j]!.at;
    if (at !== undefined) return at;
  }
  return 0;
}
