// The pure sync model (core/sync): clocks, merge rules, and convergence under any delivery
// order — the property every replica and the server rely on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { compareHlc, HlcClock, hlcMs, packHlc, parseHlc } from '../../core/sync/hlc';
import { type Mutation, MutationSchema } from '../../core/sync/mutations';
import { Replica, type ReplicaRow } from '../../core/sync/replica';
import {
  applyMutation,
  canonicalJson,
  emptyState,
  type SyncState,
  touchedRows,
} from '../../core/sync/state';
import { materialize } from '../../core/sync/views';

const T0 = 1_790_000_000_000;

describe('hybrid logical clock', () => {
  it('packs to a string that sorts like the clock', () => {
    const a = packHlc({ ms: T0, counter: 2, node: 'a' });
    const b = packHlc({ ms: T0, counter: 10, node: 'a' });
    const c = packHlc({ ms: T0 + 1, counter: 0, node: 'a' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(parseHlc(b)).toEqual({ ms: T0, counter: 10, node: 'a' });
    expect(hlcMs(c)).toBe(T0 + 1);
  });

  it('never goes backwards, even when the wall clock does, and stays ahead of what it received', () => {
    let wall = T0;
    const clock = new HlcClock('phone1', () => wall);
    const s1 = clock.now();
    wall -= 5_000; // the device clock jumps back
    const s2 = clock.now();
    expect(compareHlc(s2, s1)).toBe(1);
    const remote = packHlc({ ms: T0 + 60_000, counter: 7, node: 'other' });
    clock.receive(remote);
    expect(compareHlc(clock.now(), remote)).toBe(1);
  });

  it('is strictly increasing over many events in the same millisecond', () => {
    const clock = new HlcClock('n', () => T0);
    let prev = '';
    for (let i = 0; i < 1000; i++) {
      const s = clock.now();
      expect(s > prev).toBe(true);
      prev = s;
    }
  });
});

describe('mutation schemas', () => {
  it('name the offending field', () => {
    const r = MutationSchema.safeParse({
      id: 'm1',
      hlc: packHlc({ ms: T0, counter: 0, node: 'a' }),
      kind: 'label.create',
      data: { id: 'l1', name: 'VIP', color: 'red' },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['data', 'color']);
  });
});

// ---- merge rules ------------------------------------------------------------------------

let n = 0;
function stamp(node: string, ms: number): string {
  return packHlc({ ms, counter: n++ % 1000, node });
}
function m<K extends Mutation['kind']>(
  kind: K,
  data: Extract<Mutation, { kind: K }>['data'],
  hlc: string,
  id?: string,
) {
  return { id: id ?? `m${n++}`, hlc, kind, data } as Extract<Mutation, { kind: K }>;
}
function run(ms: Mutation[]): SyncState {
  const s = emptyState();
  for (const x of ms) applyMutation(s, x);
  return s;
}

describe('merge rules', () => {
  it('label fields: the later stamp wins whatever the arrival order', () => {
    const create = m(
      'label.create',
      { id: 'l', name: 'Hỏi giá', color: '#111111' },
      stamp('a', T0),
    );
    const renameA = m('label.update', { id: 'l', name: 'Chốt đơn' }, stamp('a', T0 + 10));
    const renameB = m('label.update', { id: 'l', name: 'Đã chốt' }, stamp('b', T0 + 20));
    for (const order of [
      [create, renameA, renameB],
      [renameB, renameA, create],
      [renameA, create, renameB],
    ]) {
      expect(materialize(run(order)).labels[0]?.name).toBe('Đã chốt');
    }
  });

  it('an update delivered before its create is kept, and the label shows once created', () => {
    const update = m('label.update', { id: 'l', color: '#00ff00' }, stamp('a', T0 + 10));
    const s = run([update]);
    expect(materialize(s).labels).toEqual([]);
    applyMutation(s, m('label.create', { id: 'l', name: 'VIP', color: '#ff0000' }, stamp('a', T0)));
    expect(materialize(s).labels[0]).toMatchObject({ name: 'VIP', color: '#00ff00' });
  });

  it('assignment is add-wins: an unassign only removes the assignments its author saw', () => {
    const a1 = m('label.assign', { customerId: 'c', labelId: 'l' }, stamp('a', T0), 'tag-a1');
    const a2 = m('label.assign', { customerId: 'c', labelId: 'l' }, stamp('b', T0 + 5), 'tag-b1');
    // Client A saw only its own assign and removes it, concurrently with B assigning again.
    const un = m(
      'label.unassign',
      { customerId: 'c', labelId: 'l', tags: ['tag-a1'] },
      stamp('a', T0 + 10),
    );
    for (const order of [
      [a1, a2, un],
      [a1, un, a2],
      [un, a2, a1],
    ]) {
      expect(materialize(run(order)).assignments).toEqual([
        { customerId: 'c', labelId: 'l', tags: ['tag-b1'], assignedAt: T0 + 5 },
      ]);
    }
    const both = m(
      'label.unassign',
      { customerId: 'c', labelId: 'l', tags: ['tag-a1', 'tag-b1'] },
      stamp('c', T0 + 1),
    );
    expect(materialize(run([a1, a2, un, both])).assignments).toEqual([]);
    // Even when the remove arrives before the adds it removes.
    expect(materialize(run([both, a2, a1])).assignments).toEqual([]);
  });

  it('touchpoints add up sightings once per mutation id, and keep the first and last time', () => {
    const t = (at: number, id: string) =>
      m(
        'touchpoint.record',
        {
          id: 'i:2026-11-23',
          customerId: 'c',
          identityId: 'i',
          platform: 'zalo',
          day: '2026-11-23',
          at,
        },
        stamp('a', at),
        id,
      );
    const s = run([t(T0 + 50, 'x'), t(T0, 'y'), t(T0 + 50, 'x')]);
    expect(materialize(s).touchpoints[0]).toMatchObject({ count: 2, firstAt: T0, lastAt: T0 + 50 });
  });

  it('a deleted note stays deleted even if an edit arrives later with a newer stamp', () => {
    const add = m(
      'note.add',
      { id: 'n', customerId: 'c', text: 'giao giờ hành chính', author: 'u1' },
      stamp('a', T0),
    );
    const del = m('note.delete', { id: 'n' }, stamp('b', T0 + 1));
    const edit = m('note.edit', { id: 'n', text: 'sửa' }, stamp('a', T0 + 2));
    expect(materialize(run([add, edit, del])).notes).toEqual([]);
    expect(materialize(run([del, edit, add])).notes).toEqual([]);
  });

  it('customers keep the earliest first contact and the latest last contact', () => {
    const a = m(
      'customer.upsert',
      {
        id: 'c',
        displayName: 'Lan',
        firstSeenAt: T0 + 9,
        firstSeenPlatform: 'zalo',
        lastSeenAt: T0 + 9,
      },
      stamp('a', T0 + 9),
    );
    const b = m(
      'customer.upsert',
      { id: 'c', firstSeenAt: T0, firstSeenPlatform: 'messenger', lastSeenAt: T0 },
      stamp('b', T0 + 20),
    );
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      expect(materialize(run(order)).customers[0]).toMatchObject({
        displayName: 'Lan',
        firstSeenAt: T0,
        firstSeenPlatform: 'messenger',
        lastSeenAt: T0 + 9,
      });
    }
  });
});

// ---- convergence: property tests ------------------------------------------------------

const CUSTOMERS = ['c1', 'c2'];
const LABELS = ['l1', 'l2', 'l3'];
const NODES = ['a', 'b', 'c'];

/** An abstract edit; the client turns it into a mutation using what it currently sees. */
const editArb = fc.oneof(
  fc.record({
    op: fc.constant('assign' as const),
    c: fc.constantFrom(...CUSTOMERS),
    l: fc.constantFrom(...LABELS),
  }),
  fc.record({
    op: fc.constant('unassign' as const),
    c: fc.constantFrom(...CUSTOMERS),
    l: fc.constantFrom(...LABELS),
  }),
  fc.record({
    op: fc.constant('rename' as const),
    l: fc.constantFrom(...LABELS),
    name: fc.constantFrom('VIP', 'Sỉ', 'Boom hàng', 'Đã chốt'),
  }),
  fc.record({
    op: fc.constant('recolor' as const),
    l: fc.constantFrom(...LABELS),
    color: fc.constantFrom('#ff0000', '#00ff00', '#0000ff'),
  }),
  fc.record({
    op: fc.constant('archive' as const),
    l: fc.constantFrom(...LABELS),
    archived: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('reorder' as const),
    ids: fc.shuffledSubarray(LABELS, { minLength: 1 }),
  }),
  fc.record({
    op: fc.constant('note' as const),
    c: fc.constantFrom(...CUSTOMERS),
    text: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant('editNote' as const),
    text: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ op: fc.constant('deleteNote' as const) }),
  fc.record({
    op: fc.constant('seen' as const),
    c: fc.constantFrom(...CUSTOMERS),
    dt: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    op: fc.constant('rename customer' as const),
    c: fc.constantFrom(...CUSTOMERS),
    name: fc.constantFrom('Lan', 'Chị Lan', 'Lan Phụ Tùng'),
  }),
  // Care (issue 9): the same item id on every replica, its state last-writer-wins.
  fc.record({
    op: fc.constant('care' as const),
    c: fc.constantFrom(...CUSTOMERS),
    state: fc.constantFrom('open', 'done', 'snoozed', 'dismissed'),
  }),
  fc.record({
    op: fc.constant('remind' as const),
    c: fc.constantFrom(...CUSTOMERS),
    note: fc.constantFrom('gọi lại', 'báo giá'),
    assignee: fc.constantFrom('a', 'b'),
  }),
  fc.record({
    op: fc.constant('birthday' as const),
    c: fc.constantFrom(...CUSTOMERS),
    birthday: fc.constantFrom('03-05', '1990-12-01', null),
  }),
);
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function editToMutation(r: Replica, e: Edit, wall: number): Mutation | null {
  const v = r.view();
  switch (e.op) {
    case 'assign':
      return r.mutate('label.assign', { customerId: e.c, labelId: e.l });
    case 'unassign': {
      const row = v.assignments[`${e.c}|${e.l}`];
      const tags = Object.keys((row?.f.adds as Record<string, number> | undefined) ?? {});
      return tags.length
        ? r.mutate('label.unassign', { customerId: e.c, labelId: e.l, tags })
        : null;
    }
    case 'rename':
      return r.mutate('label.update', { id: e.l, name: e.name });
    case 'recolor':
      return r.mutate('label.update', { id: e.l, color: e.color });
    case 'archive':
      return r.mutate('label.archive', { id: e.l, archived: e.archived });
    case 'reorder':
      return r.mutate('label.reorder', { ids: e.ids });
    case 'note':
      return r.mutate('note.add', {
        id: `note-${r.clock.node}-${wall}-${Object.keys(v.notes).length}`,
        customerId: e.c,
        text: e.text,
        author: r.clock.node,
      });
    case 'editNote': {
      const id = Object.keys(v.notes).sort()[0];
      return id ? r.mutate('note.edit', { id, text: e.text }) : null;
    }
    case 'deleteNote': {
      const id = Object.keys(v.notes).sort()[0];
      return id ? r.mutate('note.delete', { id }) : null;
    }
    case 'seen':
      return r.mutate('touchpoint.record', {
        id: `i-${e.c}:2026-11-2${e.dt}`,
        customerId: e.c,
        identityId: `i-${e.c}`,
        platform: 'zalo',
        day: `2026-11-2${e.dt}`,
        at: wall,
      });
    case 'rename customer':
      return r.mutate('customer.upsert', { id: e.c, displayName: e.name, lastSeenAt: wall });
    case 'care':
      return r.mutate('care.state', {
        id: `${e.c}|thank-you|o1`,
        customerId: e.c,
        kind: 'thank-you',
        occasion: 'o1',
        dueAt: 1000,
        state: e.state,
        ...(e.state === 'snoozed' ? { snoozeUntil: wall + 3_600_000 } : {}),
        ...(e.state === 'dismissed' ? { dismissReason: 'đã đổi số' } : {}),
      });
    case 'remind':
      return r.mutate('care.reminder', {
        id: `${e.c}|reminder|r1`,
        customerId: e.c,
        occasion: 'r1',
        dueAt: wall,
        note: e.note,
        assignee: e.assignee,
      });
    case 'birthday':
      return r.mutate('customer.upsert', { id: e.c, birthday: e.birthday });
  }
}

/** A pure stand-in for the server: exactly-once by mutation id, ordered log, rows by seq. */
class MemoryServer {
  state = emptyState();
  seq = 0;
  log: { seq: number; mutationId: string; rows: ReplicaRow[] }[] = [];
  applied = new Map<string, number>();
  push(ms: Mutation[]) {
    return ms.map((x) => {
      const known = this.applied.get(x.id);
      if (known !== undefined) return { id: x.id, status: 'duplicate' as const, seq: known };
      applyMutation(this.state, x);
      this.seq += 1;
      this.applied.set(x.id, this.seq);
      this.log.push({
        seq: this.seq,
        mutationId: x.id,
        rows: touchedRows(x).map(([t, id]) => {
          const r = structuredClone(this.state[t][id]!);
          return { t, id, seq: this.seq, f: r.f, c: r.c };
        }),
      });
      return { id: x.id, status: 'applied' as const, seq: this.seq };
    });
  }
  pull(since: number, limit: number) {
    const page = this.log.filter((e) => e.seq > since).slice(0, limit);
    return {
      cursor: String(page.at(-1)?.seq ?? since),
      rows: page.flatMap((e) => e.rows),
      changes: page.map((e) => ({ seq: e.seq, mutationId: e.mutationId })),
    };
  }
}

const setup = (r: Replica) => {
  for (const [i, l] of LABELS.entries())
    r.mutate('label.create', { id: l, name: `Nhãn ${i}`, color: '#123456', order: i });
  for (const c of CUSTOMERS)
    r.mutate('customer.upsert', {
      id: c,
      displayName: c,
      firstSeenAt: T0,
      firstSeenPlatform: 'zalo',
    });
};

describe('convergence', () => {
  it('any delivery order of the same mutations gives the same rows (commutative, idempotent)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...NODES), editArb), { minLength: 1, maxLength: 40 }),
        fc.integer(),
        (edits, seed) => {
          // Generate mutations with three clients that do not see each other (fully offline).
          let wall = T0;
          const replicas = NODES.map((node) => new Replica(node, () => wall, idGen(node)));
          setup(replicas[0]!);
          const all: Mutation[] = [...replicas[0]!.outbox()];
          for (const [node, e] of edits) {
            wall += 3;
            const x = editToMutation(replicas[NODES.indexOf(node)]!, e, wall);
            if (x) all.push(x);
          }
          const reference = canonicalJson(materialize(run(all)));
          const shuffled = fc
            .sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), {
              numRuns: 3,
              seed,
            })
            .map((order) => canonicalJson(materialize(run([...order, ...order.slice(0, 3)]))));
          for (const s of shuffled) expect(s).toBe(reference);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('replicas that edit offline and sync in any interleaving end identical to each other and to the server', () => {
    const step = fc.oneof(
      fc.record({ do: fc.constant('edit' as const), who: fc.nat(2), e: editArb }),
      fc.record({ do: fc.constant('push' as const), who: fc.nat(2), loseAck: fc.boolean() }),
      fc.record({
        do: fc.constant('pull' as const),
        who: fc.nat(2),
        limit: fc.integer({ min: 1, max: 5 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        let wall = T0;
        const server = new MemoryServer();
        const replicas = NODES.map((node) => new Replica(node, () => wall, idGen(node)));
        setup(replicas[0]!);
        sync(server, replicas[0]!);
        for (const r of replicas) sync(server, r);
        for (const s of steps) {
          wall += 7;
          const r = replicas[s.who]!;
          if (s.do === 'edit') editToMutation(r, s.e, wall);
          else if (s.do === 'push') {
            const results = server.push(r.outbox(4));
            if (!s.loseAck) r.acknowledge(results); // a lost ack means the same batch is pushed again later
          } else {
            r.mergePull(server.pull(Number(r.cursor ?? 0), s.limit));
          }
        }
        // Everyone reconnects (in reverse order) and syncs until quiet.
        for (let round = 0; round < 2; round++)
          for (const r of [...replicas].reverse()) sync(server, r);
        const want = canonicalJson(materialize(server.state));
        for (const r of replicas) {
          expect(r.pendingCount).toBe(0);
          expect(canonicalJson(materialize(r.view()))).toBe(want);
        }
      }),
      { numRuns: 150 },
    );
  });
});

function idGen(node: string) {
  let i = 0;
  return () => `${node}-${i++}`;
}

function sync(server: MemoryServer, r: Replica) {
  for (let out = r.outbox(); out.length; out = r.outbox()) r.acknowledge(server.push(out));
  for (;;) {
    const page = server.pull(Number(r.cursor ?? 0), 1000);
    r.mergePull(page);
    if (page.changes.length === 0) break;
  }
}
