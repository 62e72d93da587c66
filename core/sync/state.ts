// The shared state of a team as a set of rows, and the one function that changes it.
// `applyMutation` is used by the server (on the rows a mutation touches, loaded from
// Postgres) and by every client replica, so both agree by construction.
//
// Merge rules — chosen so that applying the same set of mutations in ANY order gives the
// same rows (commutative, and idempotent per mutation id):
// - Plain fields are last-writer-wins registers: each field keeps the HLC stamp of the write
//   that set it; a write with a greater stamp wins (equal stamps: the greater JSON value).
// - firstSeenAt / firstAt keep the minimum, lastSeenAt / lastAt the maximum.
// - Touchpoint `count` adds up the sightings of each mutation (exactly once per mutation id).
// - Label assignment is an add-wins observed-remove set per (customer, label): every assign
//   adds a tag (its mutation id); an unassign removes only the tags its author had seen. An
//   assign concurrent with an unassign therefore survives it ("add wins"), everywhere.
// - Deleting a note is final: `deleted` only ever goes from false to true.
// Rows may be partial (an update delivered before its create); views hide incomplete rows.
import { compareHlc, hlcMs } from './hlc';
import type { Mutation } from './mutations';

export const TABLES = [
  'labels',
  'templates',
  'customers',
  'identities',
  'touchpoints',
  'assignments',
  'notes',
  'care',
] as const;
export type TableName = (typeof TABLES)[number];

export interface SyncRow {
  id: string;
  /** Field values. */
  f: Record<string, unknown>;
  /** HLC stamp of the write that set each last-writer-wins field. */
  c: Record<string, string>;
}

export type Tables = { [T in TableName]: Record<string, SyncRow> };
export interface SyncState extends Tables {
  /** Mutation ids already applied (makes re-delivery harmless). */
  applied: Record<string, true>;
}

export function emptyState(): SyncState {
  return {
    labels: {},
    templates: {},
    customers: {},
    identities: {},
    touchpoints: {},
    assignments: {},
    notes: {},
    care: {},
    applied: {},
  };
}

export function assignmentId(customerId: string, labelId: string): string {
  return `${customerId}|${labelId}`;
}

/** The rows a mutation reads and writes, as (table, id) pairs. */
export function touchedRows(m: Mutation): [TableName, string][] {
  switch (m.kind) {
    case 'customer.upsert':
      return [['customers', m.data.id]];
    case 'identity.upsert':
      return [['identities', m.data.id]];
    case 'touchpoint.record':
      return [['touchpoints', m.data.id]];
    case 'label.create':
    case 'label.update':
    case 'label.archive':
      return [['labels', m.data.id]];
    case 'label.reorder':
      return [...new Set(m.data.ids)].map((id) => ['labels', id] as [TableName, string]);
    case 'label.assign':
    case 'label.unassign':
      return [['assignments', assignmentId(m.data.customerId, m.data.labelId)]];
    case 'note.add':
    case 'note.edit':
    case 'note.delete':
      return [['notes', m.data.id]];
    case 'template.create':
    case 'template.update':
    case 'template.archive':
      return [['templates', m.data.id]];
    case 'care.state':
    case 'care.reminder':
      return [['care', m.data.id]];
    // Pipeline (issue 9): the stage is a last-writer-wins field of the customer row.
    case 'customer.stage':
      return [['customers', m.data.customerId]];
  }
}

function row(state: Tables, table: TableName, id: string): SyncRow {
  let r = state[table][id];
  if (!r) {
    r = { id, f: {}, c: {} };
    state[table][id] = r;
  }
  return r;
}

function lww(r: SyncRow, key: string, value: unknown, hlc: string): void {
  if (value === undefined) return;
  const prev = r.c[key];
  if (prev !== undefined) {
    const cmp = compareHlc(hlc, prev);
    if (cmp < 0) return;
    if (cmp === 0 && JSON.stringify(value) <= JSON.stringify(r.f[key])) return;
  }
  r.f[key] = value;
  r.c[key] = hlc;
}

function min(r: SyncRow, key: string, value: number | undefined): void {
  if (value === undefined) return;
  const prev = r.f[key] as number | undefined;
  if (prev === undefined || value < prev) r.f[key] = value;
}

function max(r: SyncRow, key: string, value: number | undefined): void {
  if (value === undefined) return;
  const prev = r.f[key] as number | undefined;
  if (prev === undefined || value > prev) r.f[key] = value;
}

/**
 * Applies one mutation to `state` in place and returns it. Total: a valid mutation never
 * fails; authorisation is the caller's business (the server checks it before calling).
 */
export function applyMutation<S extends Tables & { applied?: Record<string, true> }>(
  state: S,
  m: Mutation,
): S {
  if (state.applied) {
    if (state.applied[m.id]) return state;
    state.applied[m.id] = true;
  }
  const t = m.hlc;
  switch (m.kind) {
    case 'customer.upsert': {
      const d = m.data;
      const r = row(state, 'customers', d.id);
      lww(r, 'displayName', d.displayName, t);
      lww(r, 'phones', d.phones, t);
      lww(r, 'emails', d.emails, t);
      lww(r, 'birthday', d.birthday, t);
      if (d.firstSeenAt !== undefined) {
        const at = r.f.firstSeenAt as number | undefined;
        const platform = d.firstSeenPlatform ?? '';
        if (
          at === undefined ||
          d.firstSeenAt < at ||
          (d.firstSeenAt === at && platform < String(r.f.firstSeenPlatform ?? ''))
        ) {
          r.f.firstSeenAt = d.firstSeenAt;
          if (d.firstSeenPlatform !== undefined) r.f.firstSeenPlatform = d.firstSeenPlatform;
          else delete r.f.firstSeenPlatform;
        }
      }
      max(r, 'lastSeenAt', d.lastSeenAt);
      break;
    }
    case 'identity.upsert': {
      const d = m.data;
      const r = row(state, 'identities', d.id);
      lww(r, 'customerId', d.customerId, t);
      lww(r, 'platform', d.platform, t);
      lww(r, 'accountId', d.accountId, t);
      lww(r, 'externalId', d.externalId, t);
      lww(r, 'idConfidence', d.idConfidence, t);
      lww(r, 'displayName', d.displayName, t);
      lww(r, 'avatarUrl', d.avatarUrl, t);
      min(r, 'firstSeenAt', d.firstSeenAt);
      max(r, 'lastSeenAt', d.lastSeenAt);
      break;
    }
    case 'touchpoint.record': {
      const d = m.data;
      const r = row(state, 'touchpoints', d.id);
      lww(r, 'customerId', d.customerId, t);
      lww(r, 'identityId', d.identityId, t);
      lww(r, 'platform', d.platform, t);
      lww(r, 'day', d.day, t);
      min(r, 'firstAt', d.at);
      max(r, 'lastAt', d.at);
      r.f.count = ((r.f.count as number | undefined) ?? 0) + (d.count ?? 1);
      break;
    }
    case 'label.create': {
      const r = row(state, 'labels', m.data.id);
      lww(r, 'name', m.data.name, t);
      lww(r, 'color', m.data.color, t);
      lww(r, 'order', m.data.order ?? 0, t);
      lww(r, 'archived', false, t);
      break;
    }
    case 'label.update': {
      const r = row(state, 'labels', m.data.id);
      lww(r, 'name', m.data.name, t);
      lww(r, 'color', m.data.color, t);
      lww(r, 'order', m.data.order, t);
      break;
    }
    case 'label.archive':
      lww(row(state, 'labels', m.data.id), 'archived', m.data.archived, t);
      break;
    case 'label.reorder': {
      const seen = new Set<string>();
      m.data.ids.forEach((id, index) => {
        if (seen.has(id)) return;
        seen.add(id);
        lww(row(state, 'labels', id), 'order', index, t);
      });
      break;
    }
    case 'label.assign': {
      const r = row(state, 'assignments', assignmentId(m.data.customerId, m.data.labelId));
      r.f.customerId = m.data.customerId;
      r.f.labelId = m.data.labelId;
      const adds = { ...((r.f.adds as Record<string, number> | undefined) ?? {}) };
      const removes = (r.f.removes as Record<string, true> | undefined) ?? {};
      if (!removes[m.id]) adds[m.id] = hlcMs(t);
      r.f.adds = adds;
      r.f.removes = removes;
      break;
    }
    case 'label.unassign': {
      const r = row(state, 'assignments', assignmentId(m.data.customerId, m.data.labelId));
      r.f.customerId = m.data.customerId;
      r.f.labelId = m.data.labelId;
      const adds = { ...((r.f.adds as Record<string, number> | undefined) ?? {}) };
      const removes = { ...((r.f.removes as Record<string, true> | undefined) ?? {}) };
      for (const tag of m.data.tags) {
        removes[tag] = true;
        delete adds[tag];
      }
      r.f.adds = adds;
      r.f.removes = removes;
      break;
    }
    case 'note.add': {
      const r = row(state, 'notes', m.data.id);
      lww(r, 'customerId', m.data.customerId, t);
      lww(r, 'text', m.data.text, t);
      lww(r, 'pinned', m.data.pinned ?? false, t);
      // The author is whoever added the note first (smallest stamp).
      if (
        m.data.author !== undefined &&
        (r.c.author === undefined || compareHlc(t, r.c.author) < 0)
      ) {
        r.f.author = m.data.author;
        r.c.author = t;
      }
      min(r, 'createdAt', hlcMs(t));
      break;
    }
    case 'note.edit': {
      const r = row(state, 'notes', m.data.id);
      lww(r, 'text', m.data.text, t);
      lww(r, 'pinned', m.data.pinned, t);
      break;
    }
    case 'note.delete': {
      const r = row(state, 'notes', m.data.id);
      r.f.deleted = true;
      break;
    }
    case 'template.create': {
      const r = row(state, 'templates', m.data.id);
      lww(r, 'title', m.data.title, t);
      lww(r, 'body', m.data.body, t);
      lww(r, 'segments', m.data.segments ?? [], t);
      lww(r, 'intents', m.data.intents ?? [], t);
      lww(r, 'archived', false, t);
      break;
    }
    case 'template.update': {
      const r = row(state, 'templates', m.data.id);
      lww(r, 'title', m.data.title, t);
      lww(r, 'body', m.data.body, t);
      lww(r, 'segments', m.data.segments, t);
      lww(r, 'intents', m.data.intents, t);
      break;
    }
    case 'template.archive':
      lww(row(state, 'templates', m.data.id), 'archived', m.data.archived, t);
      break;
    // A care item: what it is never changes (its id says so); its state is one register
    // (state, snooze, dismiss reason together, last writer wins), so two devices converge.
    case 'care.state': {
      const d = m.data;
      const r = row(state, 'care', d.id);
      r.f.customerId = d.customerId;
      r.f.kind = d.kind;
      r.f.occasion = d.occasion;
      if (r.f.dueAt === undefined) r.f.dueAt = d.dueAt;
      if (r.f.reason === undefined && d.reason !== undefined) r.f.reason = d.reason;
      if (r.f.templateId === undefined && d.templateId !== undefined) r.f.templateId = d.templateId;
      lww(
        r,
        'status',
        {
          state: d.state,
          ...(d.snoozeUntil !== undefined ? { snoozeUntil: d.snoozeUntil } : {}),
          ...(d.dismissReason !== undefined ? { dismissReason: d.dismissReason } : {}),
        },
        t,
      );
      break;
    }
    // Pipeline (issue 9)
    case 'customer.stage': {
      const d = m.data;
      lww(
        row(state, 'customers', d.customerId),
        'stage',
        {
          stageId: d.stageId,
          setBy: d.setBy,
          at: d.at,
          ...(d.by !== undefined ? { by: d.by } : {}),
        },
        t,
      );
      break;
    }
    case 'care.reminder': {
      const d = m.data;
      const r = row(state, 'care', d.id);
      r.f.customerId = d.customerId;
      r.f.kind = 'reminder';
      r.f.occasion = d.occasion;
      lww(r, 'dueAt', d.dueAt, t);
      lww(r, 'note', d.note, t);
      lww(r, 'assignee', d.assignee ?? null, t);
      if (
        d.createdBy !== undefined &&
        (r.c.createdBy === undefined || compareHlc(t, r.c.createdBy) < 0)
      ) {
        r.f.createdBy = d.createdBy;
        r.c.createdBy = t;
      }
      break;
    }
  }
  return state;
}

/** Latest write time (ms) recorded on a row's fields, 0 when none. */
export function rowUpdatedAt(r: SyncRow): number {
  let latest = '';
  for (const v of Object.values(r.c)) if (v > latest) latest = v;
  return latest ? hlcMs(latest) : 0;
}

/** Sorted-key JSON: equal states give equal strings whatever the insertion order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return v;
  });
}
