// Prepared statements (the hot read path) and the token cache: same rows as a plain query,
// never inside another request's open transaction, and a revocation is never undone by a
// lookup that was already in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from '../../server/auth';
import { type Db, prepared } from '../../server/db/index';
import { ENGINE, makeTeam, openTestDb, type Team, type TestDb } from './harness';

let t: TestDb;
let team: Team;

beforeAll(async () => {
  t = await openTestDb();
  team = await makeTeam(t.db, 'Shop Prep');
});
afterAll(async () => {
  await t?.close();
});

describe(`prepared statements (${ENGINE})`, () => {
  it('return the same rows and types as a plain query, nulls included', async () => {
    const sql = `SELECT $1::text AS s, $2::bigint AS n, $3::text AS missing,
      json_build_object('a', 1, 'b', ARRAY['x']) AS j, true AS ok`;
    const st = prepared('test_shapes', sql);
    for (const params of [
      ['chào', 42, null],
      ['lần hai', 7, 'có'],
    ]) {
      const plain = await t.db.query(sql, params);
      expect(plain).toHaveLength(1);
      expect(await t.db.query(st, params)).toEqual(plain);
    }
  });

  it('surface errors and keep the connection usable', async () => {
    const st = prepared('test_divide', 'SELECT 10 / $1::int AS q');
    await expect(t.db.query(st, [0])).rejects.toThrow(/division by zero/);
    expect(await t.db.query(st, [5])).toEqual([{ q: 2 }]);
  });

  it('wait for an open transaction instead of reading its uncommitted rows', async () => {
    const st = prepared('test_count_teams', 'SELECT count(*)::int AS n FROM teams WHERE name = $1');
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted: () => void = () => {};
    const didInsert = new Promise<void>((r) => {
      inserted = r;
    });
    const tx = t.db.tx(async (q) => {
      await q.query('INSERT INTO teams (id, name, created_at) VALUES ($1, $2, 0)', [
        'uncommitted-team',
        'Chưa commit',
      ]);
      inserted();
      await held;
      throw new Error('roll back');
    });
    await didInsert;
    const read = t.db.query<{ n: number }>(st, ['Chưa commit']);
    release();
    await expect(tx).rejects.toThrow('roll back');
    expect((await read)[0]?.n).toBe(0);
  });

  // PGlite keeps prepared statements in its own cache across schema changes; on PostgreSQL
  // migrations only run at start, before anything is prepared, so there is no such case.
  if (ENGINE === 'pglite')
    it('are prepared again when a migration changes their result', async () => {
      await t.db.exec('CREATE TABLE prep_shape (id int, v int)');
      await t.db.exec('INSERT INTO prep_shape VALUES (1, 2)');
      const st = prepared('test_reshape', 'SELECT * FROM prep_shape');
      expect(await t.db.query(st)).toEqual([{ id: 1, v: 2 }]);
      await t.db.exec('ALTER TABLE prep_shape ALTER COLUMN v TYPE text');
      expect(await t.db.query(st)).toEqual([{ id: 1, v: '2' }]);
    });
});

describe('token cache', () => {
  it('a lookup in flight when the member is revoked does not put the token back in the cache', async () => {
    // The first answer is held at a gate: it has been read but not yet returned, however
    // long the database took (a fixed sleep raced PostgreSQL).
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    let reached: () => void = () => {};
    const atGate = new Promise<void>((r) => (reached = r));
    let calls = 0;
    const slow: Db = {
      ...t.db,
      async query<T>(...args: Parameters<Db['query']>) {
        calls++;
        const rows = await t.db.query<T>(...args);
        if (calls === 1) {
          reached();
          await released;
        }
        return rows;
      },
    };
    const v = new TokenVerifier(slow);
    const first = v.verify(team.agent);
    await atGate;
    v.forgetMember(team.teamId, team.ids.agent); // the revocation lands while the answer is in flight
    release();
    expect((await first)?.memberId).toBe(team.ids.agent);
    await v.verify(team.agent);
    expect(calls).toBe(2); // asked the database again instead of trusting the stale answer
    await v.verify(team.agent);
    expect(calls).toBe(2); // an ordinary answer is cached
  });
});
