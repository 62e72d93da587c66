// Realtime: a change made through one server instance reaches SSE clients connected to
// another instance (LISTEN/NOTIFY), and shutdown is graceful.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHlc } from '../../core/sync/hlc';
import { createPgDb, type Db } from '../../server/db/index';
import { MIGRATIONS, migrate } from '../../server/db/migrations';
import { startServer } from '../../server/runtime';
import {
  client,
  ENGINE,
  type Instance,
  instance,
  makeTeam,
  openTestDb,
  PG_URL,
  sseReader,
  type TestDb,
} from './harness';

let t: TestDb;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  t = await openTestDb();
  a = await instance(t.db, { instanceId: 'A' });
  b = await instance(await t.connectAgain(), { instanceId: 'B' });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await t?.close();
});

const stream = async (inst: Instance, token: string) => {
  const res = await inst.app.request('/v1/sync/stream', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toContain('text/event-stream');
  const sse = sseReader(res.body!);
  await sse.waitFor((e) => e.event === 'ready');
  return sse;
};

describe(`realtime across instances (${ENGINE})`, () => {
  it('a label change through instance A reaches SSE clients of instance B, then they pull it', async () => {
    const team = await makeTeam(t.db, 'RT');
    const onB = await Promise.all([stream(b, team.agent), stream(b, team.agent2)]);
    const onA = await stream(a, team.agent);
    const created = await client(a.app, team.manager).post('/v1/labels', {
      name: 'Mới',
      color: '#123456',
    });
    expect(created.status).toBe(201);
    for (const sse of [...onB, onA]) {
      const ev = await sse.waitFor((e) => e.event === 'change');
      expect(JSON.parse(ev.data)).toEqual({ seq: 1 });
    }
    // The agent on B pulls through B and sees the label made through A.
    const pulled = await client(b.app, team.agent).get('/v1/sync/pull?since=0');
    expect(pulled.body.rows).toEqual([
      expect.objectContaining({ t: 'labels', f: expect.objectContaining({ name: 'Mới' }) }),
    ]);
    // A push through B wakes the client on A.
    await client(b.app, team.agent).post('/v1/sync/push', {
      mutations: [
        {
          id: 'rt-1',
          hlc: packHlc({ ms: Date.now(), counter: 0, node: 'x' }),
          kind: 'customer.upsert',
          data: { id: 'c' },
        },
      ],
    });
    await onA.waitFor((e) => e.event === 'change' && JSON.parse(e.data).seq === 2);
    for (const s of [...onB, onA]) await s.close();
  });

  it('a revoked member is locked out on every instance', async () => {
    const team = await makeTeam(t.db, 'Revoke');
    const inv = await client(a.app, team.manager).post('/v1/members', {
      name: 'Tạm',
      role: 'agent',
    });
    expect((await client(b.app, inv.body.token).get('/v1/me')).status).toBe(200); // cached on B now
    await client(a.app, team.manager).delete(`/v1/members/${inv.body.memberId}`);
    await expect
      .poll(async () => (await client(b.app, inv.body.token).get('/v1/me')).status, {
        timeout: 3_000,
      })
      .toBe(401);
  });
});

// Only PostgreSQL has a LISTEN connection that can drop (PGlite notifies in-process).
if (PG_URL) {
  describe('LISTEN connection loss (PostgreSQL)', () => {
    it('an instance that loses its LISTEN connection reconnects, asks clients to resync, and keeps delivering', async () => {
      const team = await makeTeam(t.db, 'Reconnect');
      const sse = await stream(b, team.agent);
      const killed = await t.db.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
         WHERE application_name = 'khach-quen-listen' AND datname = current_database()`,
      );
      expect(killed.length).toBeGreaterThan(0);
      await sse.waitFor((e) => e.event === 'resync', 10_000);
      await client(a.app, team.manager).post('/v1/labels', { name: 'Sau sự cố', color: '#654321' });
      await sse.waitFor((e) => e.event === 'change', 5_000);
      await sse.close();
    });
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, ends streams with a shutdown event, then refuses connections', async () => {
    const team = await makeTeam(t.db, 'Shutdown');
    // The push's transaction waits at a gate, so shutdown provably starts mid-request.
    let entered: () => void = () => {};
    const pushStarted = new Promise<void>((r) => {
      entered = r;
    });
    let openGate: () => void = () => {};
    const gate = new Promise<void>((r) => {
      openGate = r;
    });
    const gated: Db = {
      ...t.db,
      tx: async (fn) => {
        entered();
        await gate;
        return t.db.tx(fn);
      },
    };
    const srv = await startServer(gated, { port: 0, rateLimit: { perSecond: 1000, burst: 1000 } });
    const auth = { Authorization: `Bearer ${team.agent}`, 'Content-Type': 'application/json' };
    const res = await fetch(`${srv.url}/v1/sync/stream`, { headers: auth });
    const sse = sseReader(res.body!);
    await sse.waitFor((e) => e.event === 'ready');
    const now = Date.now();
    const mutations = Array.from({ length: 400 }, (_, i) => ({
      id: `gs-${i}`,
      hlc: packHlc({ ms: now, counter: i, node: 'd' }),
      kind: 'customer.upsert',
      data: { id: `c${i}`, displayName: `Khách ${i}` },
    }));
    const inflight = fetch(`${srv.url}/v1/sync/push`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ mutations }),
    });
    await pushStarted;
    expect(srv.inflight).toBe(1);
    const closing = srv.close(5_000);
    await sse.waitFor((e) => e.event === 'shutdown');
    expect((await fetch(`${srv.url}/v1/health`).catch(() => null))?.status).not.toBe(200);
    openGate();
    const done = await inflight;
    expect(done.status).toBe(200);
    const body = (await done.json()) as { results: { status: string }[] };
    expect(body.results.filter((r) => r.status === 'applied')).toHaveLength(400);
    await closing;
    await expect(fetch(`${srv.url}/v1/health`)).rejects.toThrow();
  });
});

describe('migrations', () => {
  it('are safe to run twice and from two processes at once', async () => {
    expect(await migrate(t.db)).toEqual([]);
    if (PG_URL && t.url) {
      const [x, y] = [createPgDb(t.url), createPgDb(t.url)];
      const [rx, ry] = await Promise.all([migrate(x), migrate(y)]);
      expect([...rx, ...ry]).toEqual([]);
      await Promise.all([x.close(), y.close()]);
    }
    const rows = await t.db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });
});
