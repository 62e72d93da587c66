// Backup and restore of everything this browser stores, as one versioned JSON document:
//   { format: 'khach-quen-backup', version: 1, schemaVersion, exportedAt, tables: { … } }
//
// Export reads every table in one read transaction (a consistent picture) a page at a time
// by primary key and serialises each page straight away, so the document is a list of
// string chunks for a Blob rather than one object graph of 100k customers.
//
// What is left out, on purpose: the outbox and every `sync.*` setting. The connection holds
// the team server's bearer token (a file must not carry a credential), and the outbox and
// pull cursor belong to this profile's link to the server. Restore keeps the target
// profile's own `sync.*` settings and refuses to run while it is connected to a team server:
// restored rows carry no outbox entries, and a pull over them or an upload of them should be
// a decision. A restored profile is local-only; connecting it afterwards uploads what it holds
// once (SyncClient.connect queues every row), like any profile that worked local-only first.
//
// Restore is clear-then-fill inside one read-write transaction over every table: any
// failure aborts it and the profile is exactly as it was. Only a backup of this format, of a
// version and schema this build knows, is accepted.
import type { KqDb } from './db';
import { LATEST_VERSION } from './db';
import { SYNC_CONNECTION_KEY } from './outbox';

export const BACKUP_FORMAT = 'khach-quen-backup';
export const BACKUP_VERSION = 1;
/** Not in a backup: pending uploads belong to this profile's server link. */
const SKIPPED_TABLES = new Set(['outbox']);
const isSyncSetting = (key: unknown) => typeof key === 'string' && key.startsWith('sync.');
const PAGE = 2000;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  schemaVersion: number;
  exportedAt: number;
}

/** The backup as string chunks (JSON once joined): hand them to `new Blob(chunks)`. */
export async function exportBackup(db: KqDb, now = Date.now()): Promise<string[]> {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: LATEST_VERSION,
    exportedAt: now,
  };
  const head = JSON.stringify(header);
  const chunks: string[] = [`${head.slice(0, -1)},"tables":{`];
  const tables = db.tables.filter((t) => !SKIPPED_TABLES.has(t.name));
  await db.transaction('r', tables, async () => {
    for (const [i, table] of tables.entries()) {
      chunks.push(`${i ? ',' : ''}${JSON.stringify(table.name)}:[`);
      let first = true;
      let after: unknown;
      // Every table's primary key is one property (outbox's ++seq is not exported).
      const keyPath = table.schema.primKey.keyPath as string;
      for (;;) {
        const coll =
          after === undefined ? table.orderBy(':id') : table.where(':id').above(after as string);
        const rows = await coll.limit(PAGE).toArray();
        const kept = table.name === 'settings' ? rows.filter((r) => !isSyncSetting(r.key)) : rows;
        if (kept.length) {
          chunks.push(`${first ? '' : ','}${kept.map((r) => JSON.stringify(r)).join(',')}`);
          first = false;
        }
        if (rows.length < PAGE) break;
        after = (rows.at(-1) as Record<string, unknown>)[keyPath];
      }
      chunks.push(']');
    }
  });
  chunks.push('}}');
  return chunks;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface RestoreSummary {
  exportedAt: number;
  /** Rows restored per table. */
  counts: Record<string, number>;
}

/** Checks a parsed document; throws BackupError saying what is wrong. */
export function checkBackup(doc: unknown): {
  header: BackupHeader;
  tables: Record<string, unknown[]>;
} {
  const d = doc as Partial<BackupHeader> & { tables?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== BACKUP_FORMAT)
    throw new BackupError('not a Khách Quen backup (format is not "khach-quen-backup")');
  if (typeof d.version !== 'number' || d.version > BACKUP_VERSION)
    throw new BackupError(
      `backup version ${String(d.version)} is newer than this extension reads (${BACKUP_VERSION}): update the extension first`,
    );
  if (typeof d.schemaVersion !== 'number' || d.schemaVersion > LATEST_VERSION)
    throw new BackupError(
      `backup database version ${String(d.schemaVersion)} is newer than this extension's (${LATEST_VERSION}): update the extension first`,
    );
  if (typeof d.exportedAt !== 'number' || typeof d.tables !== 'object' || d.tables === null)
    throw new BackupError('backup is damaged: exportedAt or tables missing');
  const tables = d.tables as Record<string, unknown>;
  for (const [name, rows] of Object.entries(tables)) {
    if (!Array.isArray(rows))
      throw new BackupError(`backup is damaged: table ${name} is not a list`);
    if (rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
      throw new BackupError(`backup is damaged: table ${name} holds a value that is not a row`);
  }
  return {
    header: d as BackupHeader,
    tables: tables as Record<string, unknown[]>,
  };
}

/**
 * Replaces every table's rows with the backup's, in one transaction. Tables the backup does
 * not know (an older schema) are emptied; a table this build does not know is refused.
 */
export async function restoreBackup(db: KqDb, doc: unknown): Promise<RestoreSummary> {
  const { header, tables } = checkBackup(doc);
  const known = new Set(db.tables.map((t) => t.name));
  for (const name of Object.keys(tables)) {
    if (!known.has(name) || SKIPPED_TABLES.has(name))
      throw new BackupError(`backup holds an unknown table: ${name}`);
  }
  if (await db.settings.get(SYNC_CONNECTION_KEY))
    throw new BackupError(
      'this browser is connected to a team server: disconnect first, then restore (the team server keeps the team’s data)',
    );
  const counts: Record<string, number> = {};
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      if (SKIPPED_TABLES.has(table.name)) continue;
      const rows = tables[table.name] ?? [];
      if (table.name === 'settings') {
        // This profile's own link settings stay; the backup has none.
        const own = (await table.toArray()).filter((r) => isSyncSetting(r.key));
        await table.clear();
        await table.bulkAdd([
          ...own,
          ...rows.filter((r) => !isSyncSetting((r as { key?: unknown }).key)),
        ]);
      } else {
        await table.clear();
        await table.bulkAdd(rows);
      }
      counts[table.name] = rows.length;
    }
    await db.outbox.clear();
  });
  return { exportedAt: header.exportedAt, counts };
}
