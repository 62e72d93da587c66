// Plain objects for the UI and the HTTP API, read from rows. Incomplete rows (an update
// that arrived before its create) and deleted notes are hidden.
import type { Platform } from '../snapshot';
import { rowUpdatedAt, type SyncRow, type Tables } from './state';

export interface Label {
  id: string;
  name: string;
  color: string;
  order: number;
  archived: boolean;
  updatedAt: number;
}
export interface Template {
  id: string;
  title: string;
  body: string;
  segments: string[];
  intents: string[];
  archived: boolean;
  updatedAt: number;
}
export interface Note {
  id: string;
  customerId: string;
  text: string;
  author: string | null;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
}
export interface Customer {
  id: string;
  displayName: string | null;
  phones: string[];
  emails: string[];
  firstSeenAt: number | null;
  firstSeenPlatform: Platform | null;
  lastSeenAt: number | null;
  /** `MM-DD` / `YYYY-MM-DD`; null once cleared; absent when never set. */
  birthday?: string | null;
  /** Pipeline (issue 9): the last agent's choice of stage, with its HLC stamp. */
  stage?: CustomerStage;
}
export interface CustomerStage {
  stageId: string;
  setBy: 'agent';
  by?: string;
  at: number;
  hlc: string;
}
export interface Identity {
  id: string;
  customerId: string;
  platform: Platform;
  accountId: string;
  externalId: string;
  idConfidence: 'strong' | 'weak';
  displayName: string | null;
  avatarUrl: string | null;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
}
export interface Touchpoint {
  id: string;
  customerId: string;
  identityId: string;
  platform: Platform;
  day: string;
  firstAt: number;
  lastAt: number;
  count: number;
}
export interface Assignment {
  customerId: string;
  labelId: string;
  /** Live tags: ids of the assign mutations not yet removed. Send them to unassign. */
  tags: string[];
  assignedAt: number;
}

export function labelView(r: SyncRow): Label | null {
  const f = r.f;
  if (typeof f.name !== 'string' || typeof f.color !== 'string') return null;
  return {
    id: r.id,
    name: f.name,
    color: f.color,
    order: typeof f.order === 'number' ? f.order : 0,
    archived: f.archived === true,
    updatedAt: rowUpdatedAt(r),
  };
}

export function templateView(r: SyncRow): Template | null {
  const f = r.f;
  if (typeof f.title !== 'string' || typeof f.body !== 'string') return null;
  return {
    id: r.id,
    title: f.title,
    body: f.body,
    segments: (f.segments as string[] | undefined) ?? [],
    intents: (f.intents as string[] | undefined) ?? [],
    archived: f.archived === true,
    updatedAt: rowUpdatedAt(r),
  };
}

export function noteView(r: SyncRow): Note | null {
  const f = r.f;
  if (f.deleted === true || typeof f.text !== 'string' || typeof f.customerId !== 'string')
    return null;
  return {
    id: r.id,
    customerId: f.customerId,
    text: f.text,
    author: typeof f.author === 'string' ? f.author : null,
    pinned: f.pinned === true,
    createdAt: typeof f.createdAt === 'number' ? f.createdAt : rowUpdatedAt(r),
    updatedAt: rowUpdatedAt(r),
  };
}

export function customerView(r: SyncRow): Customer {
  const f = r.f;
  return {
    id: r.id,
    displayName: typeof f.displayName === 'string' ? f.displayName : null,
    phones: (f.phones as string[] | undefined) ?? [],
    emails: (f.emails as string[] | undefined) ?? [],
    firstSeenAt: (f.firstSeenAt as number | undefined) ?? null,
    firstSeenPlatform: (f.firstSeenPlatform as Platform | undefined) ?? null,
    lastSeenAt: (f.lastSeenAt as number | undefined) ?? null,
    ...(typeof f.birthday === 'string' || f.birthday === null
      ? { birthday: f.birthday as string | null }
      : {}),
    ...(f.stage && r.c.stage
      ? { stage: { ...(f.stage as Omit<CustomerStage, 'hlc'>), hlc: r.c.stage } }
      : {}),
  };
}

/** A care item as synced: what it is, its state (one register), and a reminder's fields. */
export interface CareRowView {
  id: string;
  customerId: string;
  kind: string;
  occasion: string;
  dueAt: number;
  state: 'open' | 'done' | 'snoozed' | 'dismissed';
  snoozeUntil?: number;
  dismissReason?: string;
  templateId?: string;
  reason?: Record<string, unknown>;
  note?: string;
  assignee?: string;
  createdBy?: string;
  /** HLC of the last state change, when any. */
  hlc?: string;
  updatedAt: number;
}

export function careView(r: SyncRow): CareRowView | null {
  const f = r.f;
  if (
    typeof f.customerId !== 'string' ||
    typeof f.kind !== 'string' ||
    typeof f.occasion !== 'string' ||
    typeof f.dueAt !== 'number'
  )
    return null;
  const status = (f.status as
    | { state?: string; snoozeUntil?: number; dismissReason?: string }
    | undefined) ?? { state: 'open' };
  const state =
    (['open', 'done', 'snoozed', 'dismissed'] as const).find((s) => s === status.state) ?? 'open';
  return {
    id: r.id,
    customerId: f.customerId,
    kind: f.kind,
    occasion: f.occasion,
    dueAt: f.dueAt,
    state,
    ...(typeof status.snoozeUntil === 'number' ? { snoozeUntil: status.snoozeUntil } : {}),
    ...(typeof status.dismissReason === 'string' ? { dismissReason: status.dismissReason } : {}),
    ...(typeof f.templateId === 'string' ? { templateId: f.templateId } : {}),
    ...(f.reason && typeof f.reason === 'object'
      ? { reason: f.reason as Record<string, unknown> }
      : {}),
    ...(typeof f.note === 'string' ? { note: f.note } : {}),
    ...(typeof f.assignee === 'string' ? { assignee: f.assignee } : {}),
    ...(typeof f.createdBy === 'string' ? { createdBy: f.createdBy } : {}),
    ...(typeof r.c.status === 'string' ? { hlc: r.c.status } : {}),
    updatedAt: rowUpdatedAt(r),
  };
}

export function identityView(r: SyncRow): Identity | null {
  const f = r.f;
  if (typeof f.customerId !== 'string' || typeof f.platform !== 'string') return null;
  return {
    id: r.id,
    customerId: f.customerId,
    platform: f.platform as Platform,
    accountId: String(f.accountId),
    externalId: String(f.externalId),
    idConfidence: f.idConfidence === 'strong' ? 'strong' : 'weak',
    displayName: typeof f.displayName === 'string' ? f.displayName : null,
    avatarUrl: typeof f.avatarUrl === 'string' ? f.avatarUrl : null,
    firstSeenAt: (f.firstSeenAt as number | undefined) ?? null,
    lastSeenAt: (f.lastSeenAt as number | undefined) ?? null,
  };
}

export function touchpointView(r: SyncRow): Touchpoint | null {
  const f = r.f;
  if (typeof f.customerId !== 'string' || typeof f.day !== 'string') return null;
  return {
    id: r.id,
    customerId: f.customerId,
    identityId: String(f.identityId),
    platform: f.platform as Platform,
    day: f.day,
    firstAt: f.firstAt as number,
    lastAt: f.lastAt as number,
    count: (f.count as number | undefined) ?? 0,
  };
}

export function assignmentView(r: SyncRow): Assignment | null {
  const adds = (r.f.adds as Record<string, number> | undefined) ?? {};
  const tags = Object.keys(adds).sort();
  if (tags.length === 0) return null;
  return {
    customerId: String(r.f.customerId),
    labelId: String(r.f.labelId),
    tags,
    assignedAt: Math.min(...tags.map((t) => adds[t] as number)),
  };
}

export function isAssigned(r: SyncRow | undefined): boolean {
  return !!r && Object.keys((r.f.adds as Record<string, number> | undefined) ?? {}).length > 0;
}

function list<T>(rows: Record<string, SyncRow>, view: (r: SyncRow) => T | null): T[] {
  return Object.keys(rows)
    .sort()
    .map((id) => view(rows[id] as SyncRow))
    .filter((v): v is T => v !== null);
}

export function sortLabels<T extends { order: number; id: string }>(labels: T[]): T[] {
  return labels.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Everything a client shows, in a stable order. Two replicas agree iff these are equal. */
export function materialize(state: Tables) {
  return {
    labels: sortLabels(list(state.labels, labelView)),
    templates: list(state.templates, templateView),
    customers: list(state.customers, customerView),
    identities: list(state.identities, identityView),
    touchpoints: list(state.touchpoints, touchpointView),
    assignments: list(state.assignments, assignmentView),
    notes: list(state.notes, noteView),
    care: list(state.care, careView),
  };
}
