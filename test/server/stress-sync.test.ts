// Issue 10, sync under faults: five agents, each an extension profile (SyncClient on its own
// fake-indexeddb), write a seeded mix of customers/identities (recordConversation, links by
// phone), label assignments and notes against the real server process, while the server is
// SIGKILLed and restarted 5 times (mid-push), the network drops, responses are lost after
// the server applied them, and service workers are stopped mid-push / mid-pull. Afterwards
// every client holds exactly the server's state, and every generated mutation is in the
// server's change log exactly once. `npm run stress` runs it at full size (10,000).
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machine } from '../../bench/lib';
import type { PullResponse, WireRow } from '../../core/api/schemas';
import { touchpointView } from '../../core/sync/views';
import { createMember, createTeam } from '../../server/auth';
import { openDatabase } from '../../server/runtime';
import { ENGINE, openTestDb, PG_URL, type TestDb } from './harness';
import { Agent, makeWorld, rng } from './stress/agent';
import { clientDump, serverDump } from './stress/dump';
import { BASE, StressNet } from './stress/net';
import { exited, type ServerProc, startServerProc } from './stress/server-proc';

const N = Number(process.env.KQ_STRESS_MUTATIONS || 1000);
const SEED = Number(process.env.KQ_STRESS_SEED || 20261123);
const KILLS = 5;
const AGENTS = 5;

let t: TestDb | undefined;
let dataDir: string;
let srv: ServerProc | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kq-stress-'));
  if (PG_URL) t = await openTestDb();
});
afterAll(async () => {
  if (srv) {
    srv.proc.kill('SIGKILL');
    await exited(srv.proc);
  }
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A team with one manager and four agents, written before the server process starts. */
async function makeTeam(): Promise<string[]> {
  const opened = await openDatabase({ databaseUrl: t?.url, dataDir }, 'the stress setup');
  try {
    const team = await createTeam(opened.db, 'Shop Stress', 'Chủ shop');
    const tokens = [team.token];
    for (let i = 1; i < AGENTS; i++) {
      const m = await opened.db.tx((q) =>
        createMember(q, team.teamId, `Agent ${i}`, i === 1 ? 'manager' : 'agent'),
      );
      tokens.push(m.token);
    }
    return tokens;
  } finally {
    await opened.close();
  }
}

async function api<T>(token: string, pathAndQuery: string, body?: unknown): Promise<T> {
  const res = await fetch(`${srv!.url}${pathAndQuery}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every page of a pull, from `since` (undefined: the snapshot of all rows). */
async function pullAll(token: string, since?: string) {
  const rows: WireRow[] = [];
  const changes: PullResponse['changes'] = [];
  let cursor = since;
  for (;;) {
    const q = new URLSearchParams({ limit: '5000' });
    if (cursor !== undefined) q.set('since', cursor);
    const page = await api<PullResponse>(token, `/v1/sync/pull?${q}`);
    rows.push(...page.rows);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { rows, changes };
  }
}

describe(`sync under faults (${ENGINE})`, () => {
  it(
    `${N} mutations from ${AGENTS} agents through ${KILLS} server kills, network drops and worker stops: every client equals the server, 0 lost, 0 duplicated`,
    async () => {
      const started = performance.now();
      const rand = rng(SEED);
      const tokens = await makeTeam();
      srv = await startServerProc(dataDir, t?.url);
      const net = new StressNet(rand);
      net.target = srv.url;

      for (const [i, name] of [
        'Khách sỉ',
        'VIP',
        'Bom hàng',
        'Chờ ship',
        'Đã cọc',
        'Hỏi size',
      ].entries())
        await api(tokens[0]!, '/v1/labels', { name, color: '#0ea5e9', order: i });

      const world = makeWorld(rand, N);
      const agents = tokens.map((tok, i) => new Agent(`a${i}`, tok, net, rng(SEED + 1 + i)));
      // Four agents from the start; the fifth installs the extension a third into the run
      // and bootstraps from the snapshot (small pages, a worker stop in the middle of one).
      const late = agents[AGENTS - 1]!;
      for (const a of agents.slice(0, -1)) {
        await a.sync.connect({ url: BASE, token: a.token });
        expect(await a.settle()).toMatchObject({ state: 'synced' });
      }

      // The chaos schedule, by how many mutations have been generated so far.
      const total = () => agents.reduce((n, a) => n + a.generated.size, 0);
      const waiters: { at: number; go: () => void }[] = [];
      const reach = (at: number) =>
        new Promise<void>((go) => (total() >= at ? go() : waiters.push({ at, go })));
      const tick = () => {
        const n = total();
        for (const w of waiters.filter((x) => x.at <= n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.go();
        }
      };
      let finished = () => {};
      const done = new Promise<void>((r) => (finished = r));
      const at = (lo: number, hi: number) => Math.floor(N * (lo + rand() * (hi - lo)));
      const figures = { kills: 0, killsMidPush: 0, outages: 0, stops: 0, stopsAsked: 0 };

      // Agents wait at a kill's point until it happened, so the kills spread over the run
      // (a PGlite server takes seconds to start on a busy machine) instead of piling up at
      // its end; between a kill and the restart they go on working offline for a while.
      let gateAt = Number.POSITIVE_INFINITY;
      let openGate = () => {};
      let gate = Promise.resolve();
      const kills = (async () => {
        const points = Array.from({ length: KILLS }, () => at(0.05, 0.8)).sort((a, b) => a - b);
        for (const p of points) {
          gateAt = p;
          gate = new Promise<void>((r) => (openGate = r));
          await Promise.race([reach(p), done]);
          // Armed: the kill lands while a push is on the wire, when any agent has one to send.
          const push = net.nextPush();
          const syncs = Promise.all(agents.map((a) => a.settle()));
          const midPush = await Promise.race([push.then(() => true), syncs.then(() => false)]);
          if (midPush) await new Promise((r) => setTimeout(r, Math.floor(rand() * 15)));
          const victim = srv!;
          if (net.inFlightPushes > 0) figures.killsMidPush++;
          victim.proc.kill('SIGKILL');
          await exited(victim.proc);
          net.target = undefined;
          figures.kills++;
          // A little work offline while it restarts, then wait for it (a start takes seconds).
          gateAt = total() + Math.ceil(N * 0.02);
          srv = await startServerProc(dataDir, t?.url);
          net.target = srv.url;
          gateAt = Number.POSITIVE_INFINITY;
          openGate();
        }
      })();
      const drops = (async () => {
        const points = Array.from({ length: 8 }, () => at(0.02, 0.9)).sort((a, b) => a - b);
        for (const p of points) {
          await Promise.race([reach(p), done]);
          net.down = true;
          figures.outages++;
          await Promise.race([reach(p + Math.ceil(N * 0.01)), done]);
          net.down = false;
        }
      })();
      const stops = (async () => {
        const points = Array.from({ length: Math.max(10, N / 100) }, () => at(0.02, 0.95)).sort(
          (a, b) => a - b,
        );
        for (const p of points) {
          await Promise.race([reach(p), done]);
          // Stop one worker in the middle of a push or a pull it is making right now.
          const a = agents[Math.floor(rand() * agents.length)]!;
          await Promise.race([net.whenUp(), done]);
          const pushing = (await a.db.outbox.count()) > 0 && rand() < 0.5;
          a.stopAt = pushing ? 'push' : 'pull';
          figures.stopsAsked++;
          await a.settle();
        }
      })();
      let joined = false;
      const joining = (async () => {
        await Promise.race([reach(Math.floor(N / 3)), done]);
        await late.join();
        joined = true;
        late.stopAt = 'snapshot';
        figures.stopsAsked++;
        await late.settle();
      })();
      net.loseRate = 0.05;

      const errors: unknown[] = [];
      await Promise.all(
        agents.map(async (a, i) => {
          const r = rng(SEED * 31 + i);
          while (total() < N) {
            if (a === late && !joined) {
              await Promise.race([joining, done]);
              continue;
            }
            try {
              await a.step(world);
            } catch (error) {
              errors.push(error);
            }
            if (r() < 0.15) void a.sync.syncNow();
            tick();
            while (total() >= gateAt) await gate;
            await new Promise((go) => setImmediate(go));
          }
        }),
      );
      finished();
      await Promise.all([kills, drops, stops, joining]);
      expect(errors).toEqual([]);
      const generatedRun = total();

      // Calm: everyone syncs until the outboxes are empty and a whole pass changes nothing.
      net.down = false;
      net.loseRate = 0;
      for (const a of agents) a.stopAt = undefined;
      let calm = 0;
      for (let pass = 0; pass < 40 && calm < 2; pass++) {
        const states = [];
        for (const a of agents) states.push((await a.settle()).state);
        const waiting = (await Promise.all(agents.map((a) => a.db.outbox.count()))).reduce(
          (x, y) => x + y,
        );
        calm = waiting === 0 && states.every((s) => s === 'synced') ? calm + 1 : 0;
      }
      expect(calm, 'every agent synced with an empty outbox').toBe(2);
      expect(total(), 'syncing generated nothing new').toBe(generatedRun);

      // Counting: every generated mutation in the server's change log, none twice.
      const owner = tokens[0]!;
      const log = await pullAll(owner, '0');
      const logged = new Map<string, number>();
      for (const c of log.changes) logged.set(c.mutationId, (logged.get(c.mutationId) ?? 0) + 1);
      const generated = new Map(agents.flatMap((a) => [...a.generated]));
      const lost = [...generated.keys()].filter((id) => !logged.has(id));
      const duplicated = [...logged].filter(([, n]) => n > 1).map(([id]) => id);
      const applied = [...generated.keys()].filter((id) => logged.has(id)).length;

      // The effect counted too: touchpoint sightings add up once per mutation.
      const snapshot = await pullAll(owner);
      const sightings = snapshot.rows
        .filter((r) => r.t === 'touchpoints')
        .reduce((n, r) => n + (touchpointView({ id: r.id, f: r.f, c: r.c })?.count ?? 0), 0);
      const sent = [...generated.values()]
        .filter((m) => m.kind === 'touchpoint.record')
        .reduce((n, m) => n + ((m.data as { count?: number }).count ?? 1), 0);

      figures.stops = agents.reduce((n, a) => n + a.stops, 0);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `[stress ${ENGINE}] seed ${SEED}: ${generated.size} mutations generated by ${AGENTS} agents, ${applied} applied, ${lost.length} lost, ${duplicated.length} duplicated; ${figures.kills} server kills (${figures.killsMidPush} mid-push), ${net.drops} requests dropped in ${figures.outages} network outages, ${net.lost} responses lost, ${figures.stops} worker stops mid-sync (of ${figures.stopsAsked} asked); pushes answered applied ${net.tally.applied} / duplicate ${net.tally.duplicate} / rejected ${net.tally.rejected.length}; ${seconds} s`,
      );

      // `npm run stress` keeps the full-size figures for the benchmark report.
      if (process.env.KQ_STRESS_RESULTS) {
        const result = {
          at: new Date().toISOString(),
          machine: machine(),
          loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
          engine: ENGINE,
          seed: SEED,
          agents: AGENTS,
          generated: generated.size,
          applied,
          lost: lost.length,
          duplicated: duplicated.length,
          rejected: net.tally.rejected.length,
          kills: figures.kills,
          killsMidPush: figures.killsMidPush,
          outages: figures.outages,
          droppedRequests: net.drops,
          lostResponses: net.lost,
          workerStops: figures.stops,
          workerStopsAsked: figures.stopsAsked,
          seconds: Number(seconds),
        };
        fs.writeFileSync(process.env.KQ_STRESS_RESULTS, `${JSON.stringify(result, null, 2)}\n`);
      }
      expect(net.tally.rejected).toEqual([]);
      expect(lost).toEqual([]);
      expect(duplicated).toEqual([]);
      expect(generated.size).toBeGreaterThanOrEqual(N);
      expect(sightings).toBe(sent);
      expect(figures.kills).toBe(KILLS);
      expect(figures.stops).toBeGreaterThan(0);

      const truth = serverDump(snapshot.rows);
      for (const a of agents)
        expect(await clientDump(a.db), `${a.name} equals the server`).toEqual(truth);
    },
    Math.max(600_000, N * 300),
  ); // minutes at full size on a shared machine
});
