// Pipeline stages across a team (issue 9): an agent's choice of stage travels as a
// `customer.stage` mutation through the real server (PGlite, or PostgreSQL with
// DATABASE_URL) to the other agent's extension, the later choice wins on both, and a bad
// stage mutation is refused with the field named.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSnapshot } from '../../core/snapshot';
import { packHlc } from '../../core/sync/hlc';
import { recordConversation } from '../../storage/conversations';
import { KqDb } from '../../storage/db';
import { setStage } from '../../storage/pipeline';
import { SyncClient } from '../../storage/sync-client';
import {
  client,
  ENGINE,
  type Instance,
  instance,
  makeTeam,
  openTestDb,
  type Team,
  type TestDb,
} from './harness';

const URL_BASE = 'http://crm.test';
let t: TestDb;
let srv: Instance;
let team: Team;

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 10_000, burst: 100_000 } });
  team = await makeTeam(t.db, 'Pipeline Shop');
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

const fetcher: typeof fetch = async (input, init) =>
  srv.app.request(String(input), init as RequestInit);
let dbCount = 0;
const freshDb = () => new KqDb(`kq-pipeline-${++dbCount}-${Math.random()}`);
const T0 = Date.now() - 60_000;
const clockAt = (now: number) => ({ now: () => now, utcOffsetMinutes: () => 420 });
const snapshot = (externalId: string, name: string): ConversationSnapshot => ({
  platform: 'messenger',
  accountId: '104857600012345',
  externalId,
  idSource: 'tab-link',
  idConfidence: 'strong',
  displayName: name,
  isGroup: false,
  messages: [{ direction: 'in', text: 'Shop ơi còn hàng không?' }],
  health: { verdict: 'ok' },
  capturedAt: T0,
});

describe(`customer.stage through the team server (${ENGINE})`, () => {
  it('an agent’s choice reaches the other agent; the later choice wins on both', async () => {
    const a = freshDb();
    const b = freshDb();
    const syncA = new SyncClient(a, { fetch: fetcher });
    const syncB = new SyncClient(b, { fetch: fetcher });
    await syncA.connect({ url: URL_BASE, token: team.agent });
    await syncB.connect({ url: URL_BASE, token: team.agent2 });
    const { customerId } = await recordConversation(
      a,
      snapshot('100009990001', 'Lê Thị Mai'),
      clockAt(T0),
    );
    await setStage(a, customerId, 'ordered', T0 + 1000, 'Agent A');
    expect(await syncA.syncNow()).toMatchObject({ state: 'synced' });

    await syncB.syncNow();
    const seenByB = await recordConversation(
      b,
      snapshot('100009990001', 'Lê Thị Mai'),
      clockAt(T0 + 2000),
      { historyLimit: 20 },
    );
    expect(seenByB.customerId).toBe(customerId);
    expect(seenByB.stage).toEqual({ id: 'ordered', name: 'Chốt đơn', setBy: 'agent' });
    expect(seenByB.history?.entries.find((e) => e.kind === 'stage')).toMatchObject({
      stageName: 'Chốt đơn',
      setBy: 'agent',
      by: 'Agent A',
    });

    // B moves them on; A pulls it. A's older choice does not come back over it.
    await setStage(b, customerId, 'received', T0 + 3000, 'Agent B');
    await syncB.syncNow();
    await syncA.syncNow();
    expect((await a.stages.get(customerId))?.stageId).toBe('received');
    expect((await b.stages.get(customerId))?.stageId).toBe('received');
    const seenByA = await recordConversation(
      a,
      snapshot('100009990001', 'Lê Thị Mai'),
      clockAt(T0 + 4000),
    );
    expect(seenByA.stage).toEqual({ id: 'received', name: 'Đã nhận hàng', setBy: 'agent' });
  });

  it('a choice made local-only is uploaded on connecting', async () => {
    const a = freshDb();
    const b = freshDb();
    const { customerId } = await recordConversation(
      a,
      snapshot('100009990002', 'Phạm Quốc Bảo'),
      clockAt(T0),
    );
    await setStage(a, customerId, 'loyal', T0 + 1000, 'Agent A');
    expect(await a.outbox.count()).toBe(0);
    const syncA = new SyncClient(a, { fetch: fetcher });
    await syncA.connect({ url: URL_BASE, token: team.agent });
    await syncA.syncNow();
    const syncB = new SyncClient(b, { fetch: fetcher });
    await syncB.connect({ url: URL_BASE, token: team.agent2 });
    await syncB.syncNow();
    expect(await b.stages.get(customerId)).toMatchObject({ stageId: 'loyal', setBy: 'agent' });
  });

  it('the server keeps the stage on the customer row, last writer wins by HLC whatever the order', async () => {
    const api = client(srv.app, team.agent);
    const now = Date.now();
    const stage = (id: string, ms: number, stageId: string) => ({
      id,
      hlc: packHlc({ ms, counter: 0, node: 'srvtest' }),
      kind: 'customer.stage',
      data: { customerId: 'cust-stage', stageId, setBy: 'agent', at: ms },
    });
    // The later choice arrives first.
    let r = await api.post('/v1/sync/push', { mutations: [stage('st-2', now, 'loyal')] });
    expect(r.status).toBe(200);
    r = await api.post('/v1/sync/push', { mutations: [stage('st-1', now - 5000, 'consulted')] });
    expect(r.status).toBe(200);
    const pull = await api.get('/v1/sync/pull?since=0');
    const rows = pull.body.rows as {
      t: string;
      id: string;
      f: Record<string, unknown>;
    }[];
    const row = rows.filter((x) => x.t === 'customers' && x.id === 'cust-stage').at(-1);
    expect(row?.f.stage).toMatchObject({ stageId: 'loyal', setBy: 'agent' });
  });

  it('refuses a stage mutation with a bad field, naming it', async () => {
    const r = await client(srv.app, team.agent).post('/v1/sync/push', {
      mutations: [
        {
          id: 'st-bad',
          hlc: packHlc({ ms: Date.now(), counter: 0, node: 'srvtest' }),
          kind: 'customer.stage',
          data: { customerId: 'cust-stage', stageId: 'bad stage!', setBy: 'agent', at: 1 },
        },
      ],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('stageId');
  });
});
