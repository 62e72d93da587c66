// Sync: push mutations, pull the change log (or a snapshot), and a stream that says when
// there is something new to pull.
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  DEFAULT_PULL_LIMIT,
  PullQuery,
  type PullResponse,
  PushBody,
  type WireRow,
} from '../../core/api/schemas';
import { TABLES, type TableName } from '../../core/sync/state';
import { type Ctx, type Env, readJson, readQuery } from '../app';
import { ApiError } from '../errors';
import { applyMutations } from '../sync';

async function teamSeq(ctx: Ctx, teamId: string): Promise<number> {
  const [t] = await ctx.db.query<{ seq: string | number }>('SELECT seq FROM teams WHERE id = $1', [
    teamId,
  ]);
  return Number(t?.seq ?? 0);
}

export function syncRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.post('/v1/sync/push', async (c) => {
    const p = c.get('principal');
    const body = await readJson(c, PushBody);
    const r = await applyMutations(ctx.db, p, body.mutations, { clock: ctx.clock });
    return c.json({ results: r.results, seq: r.seq });
  });

  app.get('/v1/sync/pull', async (c) => {
    const p = c.get('principal');
    const q = readQuery(c, PullQuery);
    const limit = q.limit ? Number(q.limit) : DEFAULT_PULL_LIMIT;
    const current = await teamSeq(ctx, p.teamId);
    const since = q.since;

    if (since === undefined || since.startsWith('s~')) {
      // Snapshot: every row of every table, keyset-paginated; then continue from its seq.
      let [seqAt, tableIdx, afterId] = [current, 0, ''];
      if (since) {
        const parts = since.split('~');
        seqAt = Number(parts[1]);
        tableIdx = Number(parts[2]);
        afterId = parts.slice(3).join('~');
        if (seqAt > current || tableIdx >= TABLES.length) {
          throw new ApiError(
            'conflict',
            'cursor does not belong to this server state; pull again without since',
            {
              field: 'since',
            },
          );
        }
      }
      // Rows go out as the JSON text Postgres already has: no parse/serialise round trip for
      // snapshots of hundreds of thousands of rows.
      const rows: string[] = [];
      let lastId = afterId;
      const respond = (cursor: string, hasMore: boolean) =>
        c.body(
          `{"cursor":${JSON.stringify(cursor)},"hasMore":${hasMore},"snapshot":true,"rows":[${rows.join(',')}],"changes":[]}`,
          200,
          {
            'Content-Type': 'application/json; charset=UTF-8',
          },
        );
      while (tableIdx < TABLES.length) {
        const t = TABLES[tableIdx] as TableName;
        const want = limit - rows.length;
        const got = await ctx.db.query<{
          id: string;
          data: string;
          clocks: string;
          seq: string | number;
        }>(
          `SELECT id, data::text AS data, clocks::text AS clocks, seq FROM ${t}
           WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
          [p.teamId, afterId, want + 1],
        );
        for (const r of got.slice(0, want)) {
          rows.push(
            `{"t":"${t}","id":${JSON.stringify(r.id)},"seq":${Number(r.seq)},"f":${r.data},"c":${r.clocks}}`,
          );
          lastId = r.id;
        }
        if (got.length > want) return respond(`s~${seqAt}~${tableIdx}~${lastId}`, true);
        tableIdx += 1;
        afterId = '';
        lastId = '';
      }
      return respond(String(seqAt), current > seqAt);
    }

    const from = Number(since);
    if (from > current) {
      throw new ApiError('conflict', 'cursor is ahead of this server; pull again without since', {
        field: 'since',
      });
    }
    const got = await ctx.db.query<{
      seq: string | number;
      mutation_id: string;
      kind: string;
      member_id: string;
      hlc: string;
      rows: WireRow[];
    }>(
      `SELECT seq, mutation_id, kind, member_id, hlc, rows FROM changes
       WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [p.teamId, from, limit + 1],
    );
    const page = got.slice(0, limit);
    const latest = new Map<string, WireRow>();
    for (const ch of page)
      for (const r of ch.rows) latest.set(`${r.t}/${r.id}`, { ...r, seq: Number(r.seq) });
    const last = page[page.length - 1];
    const res: PullResponse = {
      cursor: last ? String(Number(last.seq)) : String(from),
      hasMore: got.length > limit,
      snapshot: false,
      rows: [...latest.values()],
      changes: page.map((ch) => ({
        seq: Number(ch.seq),
        mutationId: ch.mutation_id,
        kind: ch.kind,
        memberId: ch.member_id,
        hlc: ch.hlc,
      })),
    };
    return c.json(res);
  });

  // Server-sent events: `ready` (current seq) on connect, `change` (new seq) after every
  // write to the team, comments as heartbeats. Clients pull when told. Read it with
  // fetch() and the Authorization header (EventSource cannot send one).
  app.get('/v1/sync/stream', async (c) => {
    const p = c.get('principal');
    if (ctx.lifecycle.draining)
      throw new ApiError('unavailable', 'server is shutting down; reconnect');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let finish: () => void = () => {};
      const done = new Promise<void>((r) => {
        finish = r;
      });
      const unsubscribe = ctx.hub.subscribe(p.teamId, {
        onChange: (seq) => {
          stream.writeSSE({ event: 'change', data: JSON.stringify({ seq }) }).catch(finish);
        },
        onResync: () => {
          stream.writeSSE({ event: 'resync', data: '{}' }).catch(finish);
        },
        onClose: () => {
          stream
            .writeSSE({ event: 'shutdown', data: '{}', retry: 1000 })
            .catch(() => {})
            .finally(finish);
        },
      });
      stream.onAbort(finish);
      try {
        await stream.writeSSE({
          event: 'ready',
          data: JSON.stringify({ seq: await teamSeq(ctx, p.teamId) }),
        });
        while (!stream.aborted && !stream.closed) {
          let timer: NodeJS.Timeout | undefined;
          const tick = new Promise<'tick'>((r) => {
            timer = setTimeout(() => r('tick'), ctx.sseHeartbeatMs);
          });
          const why = await Promise.race([tick, done.then(() => 'done' as const)]);
          clearTimeout(timer);
          if (why === 'done') break;
          await stream.write(': ping\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  });
}
