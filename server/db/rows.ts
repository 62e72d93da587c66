// Reading and writing synced rows. A row is stored as its field values (`data`), its
// per-field clocks (`clocks`) and the change-log position of its last change (`seq`), plus
// a few columns copied out of `data` for indexes (lookups, stats).
import type { SyncRow, TableName } from '../../core/sync/state';
import { isAssigned } from '../../core/sync/views';
import type { Queryable } from './index';

interface TableDef {
  /** Indexed columns copied out of `data`: [name, SQL type]. */
  columns: [string, string][];
  extract: (r: SyncRow) => unknown[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

export const TABLE_DEFS: Record<TableName, TableDef> = {
  labels: { columns: [], extract: () => [] },
  templates: { columns: [], extract: () => [] },
  customers: { columns: [], extract: () => [] },
  identities: {
    columns: [
      ['customer_id', 'text'],
      ['platform', 'text'],
      ['account_id', 'text'],
      ['external_id', 'text'],
    ],
    extract: (r) => [
      str(r.f.customerId),
      str(r.f.platform),
      str(r.f.accountId),
      str(r.f.externalId),
    ],
  },
  touchpoints: {
    columns: [
      ['customer_id', 'text'],
      ['platform', 'text'],
      ['day', 'text'],
    ],
    extract: (r) => [str(r.f.customerId), str(r.f.platform), str(r.f.day)],
  },
  assignments: {
    columns: [
      ['customer_id', 'text'],
      ['label_id', 'text'],
      ['assigned', 'boolean'],
    ],
    extract: (r) => [str(r.f.customerId), str(r.f.labelId), isAssigned(r)],
  },
  notes: { columns: [['customer_id', 'text']], extract: (r) => [str(r.f.customerId)] },
  care: {
    columns: [
      ['customer_id', 'text'],
      ['assignee', 'text'],
    ],
    extract: (r) => [str(r.f.customerId), str(r.f.assignee)],
  },
};

export interface StoredRow extends SyncRow {
  seq: number;
}

export async function loadRows(
  q: Queryable,
  teamId: string,
  table: TableName,
  ids: string[],
  forUpdate = false,
): Promise<StoredRow[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<{
    id: string;
    data: SyncRow['f'];
    clocks: SyncRow['c'];
    seq: string | number;
  }>(
    `SELECT id, data, clocks, seq FROM ${table} WHERE team_id = $1 AND id = ANY($2::text[])${forUpdate ? ' FOR UPDATE' : ''}`,
    [teamId, ids],
  );
  return rows.map((r) => ({ id: r.id, f: r.data, c: r.clocks, seq: Number(r.seq) }));
}

/** Upserts rows in one statement (also used to seed benchmarks). */
export async function saveRows(
  q: Queryable,
  teamId: string,
  table: TableName,
  rows: { row: SyncRow; seq: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  const def = TABLE_DEFS[table];
  const names = def.columns.map(([n]) => n);
  const records = rows.map(({ row, seq }) => {
    const extracted = def.extract(row);
    const rec: Record<string, unknown> = { id: row.id, data: row.f, clocks: row.c, seq };
    names.forEach((n, i) => {
      rec[n] = extracted[i];
    });
    return rec;
  });
  const cols = ['id', ...names, 'data', 'clocks', 'seq'];
  const types = [
    'id text',
    ...def.columns.map(([n, t]) => `${n} ${t}`),
    'data json',
    'clocks json',
    'seq bigint',
  ];
  await q.query(
    `INSERT INTO ${table} (team_id, ${cols.join(', ')})
     SELECT $1, ${cols.map((c) => `x.${c}`).join(', ')} FROM jsonb_to_recordset($2::jsonb) AS x(${types.join(', ')})
     ON CONFLICT (team_id, id) DO UPDATE SET ${cols
       .slice(1)
       .map((c) => `${c} = EXCLUDED.${c}`)
       .join(', ')}`,
    [teamId, JSON.stringify(records)],
  );
  if (table === 'customers') {
    const ids = rows.map(({ row }) => row.id);
    const pairs = rows.flatMap(({ row }) =>
      (Array.isArray(row.f.phones) ? (row.f.phones as string[]) : []).map((p) => ({
        p,
        c: row.id,
      })),
    );
    await q.query(
      'DELETE FROM customer_phones WHERE team_id = $1 AND customer_id = ANY($2::text[])',
      [teamId, ids],
    );
    if (pairs.length > 0) {
      await q.query(
        `INSERT INTO customer_phones (team_id, phone, customer_id)
         SELECT $1, x.p, x.c FROM jsonb_to_recordset($2::jsonb) AS x(p text, c text) ON CONFLICT DO NOTHING`,
        [teamId, JSON.stringify(pairs)],
      );
    }
  }
}
