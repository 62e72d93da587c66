// Shared by the storage tests: snapshots, a pinned clock, fresh databases, a connected
// team server, and a dump of every table for before/after comparisons.
import { afterEach } from 'vitest';
import type { ConversationSnapshot, SnapshotMessage } from '@/core/snapshot';
import type { Clock } from '@/storage/conversations';
import { KqDb } from '@/storage/db';
import { SYNC_CONNECTION_KEY } from '@/storage/outbox';

export const DAY = 86_400_000;
/** 2026-12-01 10:00 in Vietnam. */
export const T0 = Date.UTC(2026, 11, 1, 3, 0);

export const clockAt = (now: number): Clock => ({ now: () => now, utcOffsetMinutes: () => 420 });

export const incoming = (text: string, at?: number): SnapshotMessage => ({
  direction: 'in',
  text,
  ...(at !== undefined ? { at } : {}),
});
export const outgoing = (text: string, at?: number): SnapshotMessage => ({
  direction: 'out',
  text,
  ...(at !== undefined ? { at } : {}),
});

export const snap = (over: Partial<ConversationSnapshot> = {}): ConversationSnapshot => ({
  platform: 'messenger',
  accountId: '111111111111111',
  externalId: '100000000000001',
  idSource: 'tab-link',
  idConfidence: 'strong',
  displayName: 'Nguyễn Thu Hà',
  isGroup: false,
  messages: [incoming('Còn màu xanh không shop?', T0 - 60_000)],
  health: { verdict: 'ok' },
  capturedAt: T0,
  ...over,
});

export const zaloSnap = (over: Partial<ConversationSnapshot> = {}): ConversationSnapshot =>
  snap({
    platform: 'zalo',
    accountId: '4301927736518204512',
    externalId: '7412638450192837465',
    idSource: 'anim-data-id',
    displayName: 'Chị Lan Phương',
    ...over,
  });

const opened: KqDb[] = [];
/** A fresh database, closed after the test. */
export function freshDb(): KqDb {
  const db = new KqDb(`kq-test-${Math.random()}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** Pretend a team server is connected, so writes queue their mutations. */
export async function connect(db: KqDb): Promise<void> {
  await db.settings.put({
    key: SYNC_CONNECTION_KEY,
    value: { url: 'https://crm.example.vn', token: 'x' },
  });
}

/** Every table's rows, sorted by primary key, for exact comparisons. */
export async function dump(
  db: KqDb,
  skip: string[] = ['outbox'],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    if (skip.includes(table.name)) continue;
    out[table.name] = await table.toArray();
  }
  return out;
}

/** Outbox mutations in order: kind and data. */
export async function queued(db: KqDb): Promise<{ kind: string; data: Record<string, unknown> }[]> {
  const rows = await db.outbox.orderBy('seq').toArray();
  return rows.map((r) => {
    const p = r.payload as { kind: string; data: Record<string, unknown> };
    return { kind: p.kind, data: p.data };
  });
}
