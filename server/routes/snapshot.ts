// Bootstrap for a fresh client: the team's current rows, table by table, keyset-paginated
// in big pages, without the change log (`GET /v1/sync/snapshot`). The bulk tables
// (customers, identities, touchpoints) go without their per-field clocks, which no view of
// them reads: half the bytes. The small ones keep them (label, template and note views
// show when they last changed).
// The first page pins the change-log position; its last page hands the client that
// position as the `since` of the ordinary pull, which then brings every write made while
// the snapshot was read (a row read after such a write arrives twice; both copies agree).
import type { Hono } from 'hono';
import {
  DEFAULT_SNAPSHOT_LIMIT,
  SNAPSHOT_KEPT_CLOCKS,
  SNAPSHOT_UNCLOCKED,
  SnapshotQuery,
} from '../../core/api/schemas';
import { TABLES, type TableName } from '../../core/sync/state';
import { type Ctx, type Env, readQuery } from '../app';
import { prepared } from '../db/index';
import { ApiError } from '../errors';

const UNCLOCKED: ReadonlySet<TableName> = new Set(SNAPSHOT_UNCLOCKED);

/** All of a row's clocks, none, or only the few a view of an unclocked table reads. */
function clocksColumn(t: TableName): string {
  if (!UNCLOCKED.has(t)) return ', clocks::text AS clocks';
  const kept = SNAPSHOT_KEPT_CLOCKS[t];
  if (!kept?.length) return '';
  // Field names are constants of ours (core/api/schemas), never request input.
  const pairs = kept.map((f) => `'${f}', clocks->'${f}'`).join(', ');
  return `, json_strip_nulls(json_build_object(${pairs}))::text AS clocks`;
}

/** One statement per table: the team's rows after an id, in id order (primary-key scan). */
const PAGE = Object.fromEntries(
  TABLES.map((t) => [
    t,
    prepared(
      `kq_snapshot_${t}`,
      `SELECT id, data::text AS data${clocksColumn(t)} FROM ${t}
       WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    ),
  ]),
) as Record<TableName, ReturnType<typeof prepared>>;

export function snapshotRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/sync/snapshot', async (c) => {
    const p = c.get('principal');
    const q = readQuery(c, SnapshotQuery);
    const limit = q.limit ? Number(q.limit) : DEFAULT_SNAPSHOT_LIMIT;
    const [team] = await ctx.db.query<{ seq: string | number }>(
      'SELECT seq FROM teams WHERE id = $1',
      [p.teamId],
    );
    const current = Number(team?.seq ?? 0);
    let [seqAt, tableIdx, afterId] = [current, 0, ''];
    if (q.after) {
      const [seq, table, ...rest] = q.after.split('~');
      seqAt = Number(seq);
      tableIdx = Number(table);
      afterId = rest.join('~');
      if (seqAt > current || tableIdx >= TABLES.length) {
        throw new ApiError(
          'conflict',
          'cursor does not belong to this server state; start the snapshot again without after',
          { field: 'after' },
        );
      }
    }
    // Row bodies go out as the JSON text Postgres stores: no parse and re-serialise of
    // hundreds of thousands of rows.
    const parts: string[] = [];
    let room = limit;
    let cursor = String(seqAt);
    let hasMore = false;
    while (tableIdx < TABLES.length) {
      const t = TABLES[tableIdx] as TableName;
      const got = await ctx.db.query<{ id: string; data: string; clocks?: string }>(PAGE[t], [
        p.teamId,
        afterId,
        room + 1,
      ]);
      const page = got.length > room ? got.slice(0, room) : got;
      if (page.length > 0) {
        const rows = page.map((r) =>
          r.clocks === undefined
            ? `[${JSON.stringify(r.id)},${r.data}]`
            : `[${JSON.stringify(r.id)},${r.data},${r.clocks}]`,
        );
        parts.push(`{"t":"${t}","rows":[${rows.join(',')}]}`);
        room -= page.length;
      }
      if (got.length > page.length) {
        cursor = `${seqAt}~${tableIdx}~${page[page.length - 1]?.id ?? afterId}`;
        hasMore = true;
        break;
      }
      tableIdx += 1;
      afterId = '';
      if (room === 0 && tableIdx < TABLES.length) {
        cursor = `${seqAt}~${tableIdx}~`;
        hasMore = true;
        break;
      }
    }
    return c.body(
      `{"seq":${seqAt},"cursor":${JSON.stringify(cursor)},"hasMore":${hasMore},"tables":[${parts.join(',')}]}`,
      200,
      { 'Content-Type': 'application/json; charset=UTF-8' },
    );
  });
}
