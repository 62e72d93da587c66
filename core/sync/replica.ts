// A client's copy of its team's state: rows confirmed by the server plus local mutations
// not yet confirmed. The extension's sync client wraps this with its storage and HTTP; the
// server's tests drive several of these to prove convergence.
//
// - A local edit is stamped (id + HLC), applied to the view at once and queued to push.
// - A push result acknowledges mutations; they stay in the view until a pull brings the
//   server's row with them in it (so the edit never flickers away).
// - Pulled rows replace confirmed rows when their change-log position (seq) is higher, so
//   pages and retries can arrive in any order.
import { HlcClock } from './hlc';
import type { Mutation, MutationKind, MutationOf } from './mutations';
import { applyMutation, emptyState, type SyncState, type TableName } from './state';

export interface ReplicaRow {
  t: TableName;
  id: string;
  seq: number;
  f: Record<string, unknown>;
  c: Record<string, string>;
}
export interface PullPage {
  cursor: string;
  rows: ReplicaRow[];
  changes: { seq: number; mutationId: string }[];
}
export interface PushAck {
  id: string;
  status: 'applied' | 'duplicate' | 'rejected';
  seq?: number;
}

interface Pending {
  m: Mutation;
  /** Change-log position the server gave it; undefined until acknowledged. */
  ackSeq?: number;
}

export class Replica {
  readonly clock: HlcClock;
  private confirmed: SyncState = emptyState();
  private seqs = new Map<string, number>();
  private pending: Pending[] = [];
  /** Highest change-log position fully merged. */
  private confirmedSeq = 0;
  cursor: string | undefined;

  constructor(
    node: string,
    wall: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    this.clock = new HlcClock(node, wall);
  }

  /** Stamps and queues a local edit; returns the mutation (its id is the assign tag). */
  mutate<K extends MutationKind>(kind: K, data: MutationOf<K>['data']): MutationOf<K> {
    const m = { id: this.newId(), hlc: this.clock.now(), kind, data } as MutationOf<K>;
    this.pending.push({ m });
    return m;
  }

  /** Mutations to push, oldest first (the same ones again until acknowledged). */
  outbox(max = 500): Mutation[] {
    return this.pending
      .filter((p) => p.ackSeq === undefined)
      .slice(0, max)
      .map((p) => p.m);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  acknowledge(results: readonly PushAck[]): void {
    const byId = new Map(results.map((r) => [r.id, r]));
    this.pending = this.pending.filter((p) => {
      const r = byId.get(p.m.id);
      if (!r) return true;
      if (r.status === 'rejected') return false;
      p.ackSeq = r.seq ?? 0;
      return p.ackSeq > this.confirmedSeq;
    });
  }

  mergePull(page: PullPage): void {
    let latest = '';
    for (const r of page.rows) {
      const key = `${r.t}/${r.id}`;
      const known = this.seqs.get(key) ?? -1;
      if (r.seq <= known) continue;
      this.seqs.set(key, r.seq);
      // Rows come from a parsed response the caller does not reuse: keep them as they are.
      this.confirmed[r.t][r.id] = { id: r.id, f: r.f, c: r.c };
      for (const stamp of Object.values(r.c)) if (stamp > latest) latest = stamp;
    }
    if (latest) this.clock.receive(latest);
    const done = new Set(page.changes.map((c) => c.mutationId));
    this.cursor = page.cursor;
    if (/^\d+$/.test(page.cursor))
      this.confirmedSeq = Math.max(this.confirmedSeq, Number(page.cursor));
    this.pending = this.pending.filter(
      (p) => !done.has(p.m.id) && (p.ackSeq === undefined || p.ackSeq > this.confirmedSeq),
    );
  }

  /** Confirmed rows with the pending edits applied on top. */
  view(): SyncState {
    const s = structuredClone(this.confirmed);
    s.applied = {};
    for (const p of this.pending) applyMutation(s, p.m);
    return s;
  }
}
