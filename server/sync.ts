// The write path shared by /v1/sync/push and the REST handlers: apply a batch of mutations
// exactly once, in one transaction, append each to the team's change log, and NOTIFY.
import { createHash } from 'node:crypto';
import type { MutationResult, Role } from '../core/api/schemas';
import { type HlcClock, hlcMs } from '../core/sync/hlc';
import { MANAGER_KINDS, type Mutation } from '../core/sync/mutations';
import {
  applyMutation,
  canonicalJson,
  emptyState,
  type SyncRow,
  type SyncState,
  TABLES,
  type TableName,
  touchedRows,
} from '../core/sync/state';
import { labelView, noteView } from '../core/sync/views';
import type { Db, Queryable } from './db/index';
import { loadRows, saveRows } from './db/rows';

export const CHANGES_CHANNEL = 'kq_changes';

export interface Actor {
  teamId: string;
  memberId: string;
  role: Role;
}

export interface ApplyOptions {
  clock: HlcClock;
  now?: () => number;
  /** Stamps further than this ahead of the server clock are refused. */
  maxSkewMs?: number;
  /** Runs inside the transaction after the team lock, before anything is applied (REST preconditions). */
  check?: (q: Queryable) => Promise<void>;
}

type Rejection = { code: 'forbidden' | 'not_found' | 'conflict' | 'bad_request'; message: string };

/** Extra rows a mutation's authorisation reads (not written). */
function readsFor(m: Mutation): [TableName, string][] {
  if (m.kind === 'label.assign' || m.kind === 'label.unassign') return [['labels', m.data.labelId]];
  return [];
}

function authorize(
  actor: Actor,
  m: Mutation,
  state: SyncState,
  members: ReadonlySet<string>,
): Rejection | null {
  if (MANAGER_KINDS.has(m.kind) && actor.role === 'agent') {
    return {
      code: 'forbidden',
      message: `${m.kind}: only owners and managers change the label catalog and shared templates`,
    };
  }
  switch (m.kind) {
    case 'label.assign': {
      const label = state.labels[m.data.labelId];
      if (!label || !labelView(label))
        return { code: 'not_found', message: `label ${m.data.labelId} does not exist` };
      return null;
    }
    case 'note.add': {
      const note = state.notes[m.data.id];
      const author = note?.f.author;
      if (author !== undefined && author !== actor.memberId) {
        return {
          code: 'conflict',
          message: `note ${m.data.id} already exists and belongs to another member`,
        };
      }
      return null;
    }
    case 'note.edit':
    case 'note.delete': {
      const note = state.notes[m.data.id];
      if (!note || (!noteView(note) && note.f.deleted !== true)) {
        return { code: 'not_found', message: `note ${m.data.id} does not exist` };
      }
      if (actor.role === 'agent' && note.f.author !== actor.memberId) {
        return { code: 'forbidden', message: 'agents edit and delete only their own notes' };
      }
      return null;
    }
    case 'care.state':
    case 'care.reminder': {
      // The id says whose item it is and of what kind (`<customerId>|<kind>|<occasion>`):
      // a mutation may not move an item to another customer or turn it into another kind.
      const kind = m.kind === 'care.reminder' ? 'reminder' : m.data.kind;
      if (!m.data.id.startsWith(`${m.data.customerId}|${kind}|`))
        return {
          code: 'bad_request',
          message: `${m.kind}: id ${m.data.id} is not a ${kind} item of customer ${m.data.customerId}`,
        };
      if (m.kind === 'care.state') return null;
      // Agents change a reminder they wrote or one that is for them; managers any.
      const existing = state.care[m.data.id];
      const writer = existing?.f.createdBy;
      if (
        actor.role === 'agent' &&
        writer !== undefined &&
        writer !== actor.memberId &&
        existing?.f.assignee !== actor.memberId
      )
        return {
          code: 'forbidden',
          message: 'care.reminder: agents change only reminders they wrote or that are for them',
        };
      // A reminder is for someone in this team (or for its writer): never for a member of
      // another team, nor for one removed.
      const assignee = m.data.assignee;
      if (assignee !== undefined && !members.has(assignee))
        return {
          code: 'not_found',
          message: `care.reminder: assignee ${assignee} is not a member of this team`,
        };
      return null;
    }
    default:
      return null;
  }
}

/** Active members among the assignees a batch names (one query, only when it names any). */
async function activeMembers(
  q: Queryable,
  teamId: string,
  mutations: readonly Mutation[],
): Promise<Set<string>> {
  const wanted = [
    ...new Set(
      mutations.flatMap((m) =>
        m.kind === 'care.reminder' && m.data.assignee !== undefined ? [m.data.assignee] : [],
      ),
    ),
  ];
  if (wanted.length === 0) return new Set();
  const rows = await q.query<{ id: string }>(
    'SELECT id FROM members WHERE team_id = $1 AND id = ANY($2::text[]) AND revoked_at IS NULL',
    [teamId, wanted],
  );
  return new Set(rows.map((r) => r.id));
}

export function mutationHash(m: Mutation): string {
  return createHash('sha256').update(canonicalJson(m)).digest('hex');
}

export interface ApplyResult {
  results: MutationResult[];
  seq: number;
  /** The rows as they stand after the batch, for REST responses. */
  state: SyncState;
}

export async function applyMutations(
  db: Db,
  actor: Actor,
  mutations: readonly Mutation[],
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const now = opts.now ?? Date.now;
  const maxSkew = opts.maxSkewMs ?? 10 * 60_000;
  return db.tx(async (q) => {
    // Lock the team's change-log counter: a team's writes commit in log order.
    const team = await q.query<{ seq: string | number }>(
      'SELECT seq FROM teams WHERE id = $1 FOR UPDATE',
      [actor.teamId],
    );
    if (!team[0]) throw new Error(`team ${actor.teamId} vanished`);
    const startSeq = Number(team[0].seq);
    if (opts.check) await opts.check(q);
    let seq = startSeq;

    const ids = [...new Set(mutations.map((m) => m.id))];
    const known = new Map(
      (
        await q.query<{ mutation_id: string; payload_hash: string; seq: string | number }>(
          'SELECT mutation_id, payload_hash, seq FROM applied_mutations WHERE team_id = $1 AND mutation_id = ANY($2::text[])',
          [actor.teamId, ids],
        )
      ).map((r) => [r.mutation_id, { hash: r.payload_hash, seq: Number(r.seq) }]),
    );

    const state = await loadState(q, actor.teamId, mutations);
    const members = await activeMembers(q, actor.teamId, mutations);
    const rowSeq = new Map<string, number>();
    const changes: Record<string, unknown>[] = [];
    const applied: Record<string, unknown>[] = [];
    const touchpointMembers: string[] = [];
    const results: MutationResult[] = [];
    const limit = now() + maxSkew;

    for (const original of mutations) {
      const hash = mutationHash(original);
      const seen = known.get(original.id);
      if (seen) {
        results.push(
          seen.hash === hash
            ? { id: original.id, status: 'duplicate', seq: seen.seq }
            : {
                id: original.id,
                status: 'rejected',
                error: {
                  code: 'conflict',
                  message: 'mutation id already used for a different mutation',
                },
              },
        );
        continue;
      }
      if (hlcMs(original.hlc) > limit) {
        results.push({
          id: original.id,
          status: 'rejected',
          error: {
            code: 'bad_request',
            message: 'hlc is too far ahead of the server clock; check the device time',
          },
        });
        continue;
      }
      const rejection = authorize(actor, original, state, members);
      if (rejection) {
        results.push({ id: original.id, status: 'rejected', error: rejection });
        continue;
      }
      opts.clock.receive(original.hlc);
      // The server, not the client, says who wrote a note or a reminder.
      const m: Mutation =
        original.kind === 'note.add'
          ? { ...original, data: { ...original.data, author: actor.memberId } }
          : original.kind === 'care.reminder'
            ? { ...original, data: { ...original.data, createdBy: actor.memberId } }
            : original;
      applyMutation(state, m);
      seq += 1;
      const rows = touchedRows(m).map(([t, id]) => {
        rowSeq.set(`${t}/${id}`, seq);
        const r = state[t][id] as SyncRow;
        return { t, id, seq, f: structuredClone(r.f), c: { ...r.c } };
      });
      if (m.kind === 'touchpoint.record') touchpointMembers.push(m.data.id);
      changes.push({
        seq,
        mutation_id: m.id,
        kind: m.kind,
        member_id: actor.memberId,
        hlc: m.hlc,
        rows,
      });
      applied.push({ mutation_id: m.id, payload_hash: hash, seq });
      known.set(m.id, { hash, seq });
      results.push({ id: m.id, status: 'applied', seq });
    }

    if (seq > startSeq) {
      for (const t of TABLES) {
        const rows: { row: SyncRow; seq: number }[] = [];
        for (const [id, r] of Object.entries(state[t])) {
          const s = rowSeq.get(`${t}/${id}`);
          if (s !== undefined) rows.push({ row: r, seq: s });
        }
        if (rows.length > 0) await saveRows(q, actor.teamId, t, rows);
      }
      const at = now();
      await q.query(
        `INSERT INTO changes (team_id, seq, mutation_id, kind, member_id, hlc, rows, created_at)
         SELECT $1, x.seq, x.mutation_id, x.kind, x.member_id, x.hlc, x.rows, $3
         FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, mutation_id text, kind text, member_id text, hlc text, rows json)`,
        [actor.teamId, JSON.stringify(changes), at],
      );
      await q.query(
        `INSERT INTO applied_mutations (team_id, mutation_id, payload_hash, seq)
         SELECT $1, x.mutation_id, x.payload_hash, x.seq
         FROM jsonb_to_recordset($2::jsonb) AS x(mutation_id text, payload_hash text, seq bigint)`,
        [actor.teamId, JSON.stringify(applied)],
      );
      if (touchpointMembers.length > 0) {
        await q.query(
          `INSERT INTO touchpoint_members (team_id, touchpoint_id, member_id)
           SELECT $1, t, $2 FROM unnest($3::text[]) AS t ON CONFLICT DO NOTHING`,
          [actor.teamId, actor.memberId, [...new Set(touchpointMembers)]],
        );
      }
      await q.query('UPDATE teams SET seq = $2 WHERE id = $1', [actor.teamId, seq]);
      // Delivered at commit, to every instance LISTENing (or this process, on PGlite).
      await q.query('SELECT pg_notify($1, $2)', [
        CHANGES_CHANNEL,
        JSON.stringify({ t: actor.teamId, s: seq }),
      ]);
    }
    return { results, seq, state };
  });
}

async function loadState(
  q: Queryable,
  teamId: string,
  mutations: readonly Mutation[],
): Promise<SyncState> {
  const want = new Map<TableName, Set<string>>();
  for (const m of mutations) {
    for (const [t, id] of [...touchedRows(m), ...readsFor(m)]) {
      let s = want.get(t);
      if (!s) {
        s = new Set();
        want.set(t, s);
      }
      s.add(id);
    }
  }
  const state = emptyState();
  for (const [t, ids] of want) {
    for (const r of await loadRows(q, teamId, t, [...ids], true))
      state[t][r.id] = { id: r.id, f: r.f, c: r.c };
  }
  return state;
}
