// What a content script checks of the messages it receives, without the schema library
// (zod/mini alone is ~8 KB gzip of a content script that should stay under 40 KB). The
// customer view is validated in full by its producer, the background, before it is sent
// (CustomerViewSchema in entrypoints/background.ts); here the content script checks the
// shape it is about to render, so a broken answer is an error naming the field, never a
// crash or the wrong customer. Each check names the first field that is wrong.
import type { CustomerView } from './customer-view';
import { STATUSES } from './status';
import type { SyncStatus } from './sync/status';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

type Rec = Record<string, unknown>;
/** A plain object (not null, not an array): what a message's payload must be. */
export const isRecord = (x: unknown): x is Rec =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStrArray = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
const isRecArray = (x: unknown) => Array.isArray(x) && x.every(isRecord);

const HEALTH = ['ok', 'degraded', 'unsupported'];

/** The first wrong field of a customer view, or undefined when it can be rendered. */
function viewProblem(v: Rec): string | undefined {
  if (typeof v.customerId !== 'string' || v.customerId === '') return 'customerId';
  if (typeof v.displayName !== 'string') return 'displayName';
  if (!(STATUSES as readonly unknown[]).includes(v.status)) return 'status';
  if (!isRecArray(v.evidence) || !(v.evidence as Rec[]).every((e) => typeof e.code === 'string'))
    return 'evidence';
  if (v.idConfidence !== 'strong' && v.idConfidence !== 'weak') return 'idConfidence';
  if (!isStrArray(v.platforms)) return 'platforms';
  for (const k of ['firstSeenAt', 'lastSeenAt', 'contactDays'] as const) if (!isNum(v[k])) return k;
  if (!isRecord(v.health) || !HEALTH.includes(v.health.verdict as string)) return 'health';
  if (v.history !== undefined && !(isRecord(v.history) && isRecArray(v.history.entries)))
    return 'history';
  for (const k of ['phones', 'emails', 'replyIntents'] as const)
    if (v[k] !== undefined && !isStrArray(v[k])) return k;
  for (const k of ['notes', 'labels', 'replies', 'stages'] as const)
    if (v[k] !== undefined && !isRecArray(v[k])) return k;
  for (const k of ['risk', 'tier', 'stage'] as const)
    if (v[k] !== undefined && !isRecord(v[k])) return k;
  if (v.xungHo !== undefined && typeof v.xungHo !== 'string') return 'xungHo';
  if (v.birthday !== undefined && v.birthday !== null && typeof v.birthday !== 'string')
    return 'birthday';
  if (v.pendingInsert !== undefined && typeof v.pendingInsert !== 'boolean') return 'pendingInsert';
  return undefined;
}

/** The background's answer to a snapshot, as the sidebar will render it. */
export function checkViewAnswer(answer: unknown): Checked<CustomerView> {
  if (!isRecord(answer)) return { ok: false, error: 'bad answer: not a customer view' };
  const field = viewProblem(answer);
  return field
    ? { ok: false, error: `bad answer: ${field} is missing or of the wrong type` }
    : { ok: true, value: answer as unknown as CustomerView };
}

/** As InsertReplySchema in core/protocol.ts: 1–5,000 characters of text. */
export const MAX_INSERT_CHARS = 5000;

/** An `insertReply` request: the text to put in the host's composer. */
export function checkInsertReply(data: unknown): Checked<{ text: string }> {
  if (!isRecord(data) || typeof data.text !== 'string')
    return { ok: false, error: 'bad insertReply: text: expected a string' };
  if (data.text.length < 1 || data.text.length > MAX_INSERT_CHARS)
    return {
      ok: false,
      error: `bad insertReply: text: expected 1 to ${MAX_INSERT_CHARS} characters`,
    };
  return { ok: true, value: { text: data.text } };
}

/** A sync status as the background broadcasts it (SyncStatusSchema's five states). */
export function isSyncStatus(x: unknown): x is SyncStatus {
  if (!isRecord(x)) return false;
  switch (x.state) {
    case 'local':
      return true;
    case 'synced':
      return isNum(x.at);
    case 'pending':
      return isNum(x.count);
    case 'offline':
      return isNum(x.count) && isNum(x.retryAt);
    case 'error':
      return typeof x.code === 'string' && typeof x.reason === 'string' && isNum(x.count);
    default:
      return false;
  }
}
