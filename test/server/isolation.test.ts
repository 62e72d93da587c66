// Tenant isolation and roles for every endpoint: a member of one shop never reads or
// changes another shop's rows, and each role can do exactly what it is meant to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHlc } from '../../core/sync/hlc';
import { MUTATION_KINDS } from '../../core/sync/mutations';
import {
  client,
  type Instance,
  instance,
  type Json,
  makeTeam,
  openTestDb,
  sseReader,
  type Team,
  type TestDb,
} from './harness';

let t: TestDb;
let srv: Instance;
let A: Team;
let B: Team;
let clock = 0;
const hlc = () => packHlc({ ms: Date.now(), counter: clock++ % 100_000, node: 'iso' });
const as = (token: string) => client(srv.app, token);
const ids = { label: '', template: '' };

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 1000, burst: 10_000 } });
  A = await makeTeam(t.db, 'Shop A');
  B = await makeTeam(t.db, 'Shop B');
  ids.label = (
    await as(A.manager).post('/v1/labels', { name: 'A-VIP', color: '#ff0000' })
  ).body.label.id;
  ids.template = (
    await as(A.manager).post('/v1/templates', { title: 'A-hello', body: 'Chào' })
  ).body.template.id;
  const push = await as(A.agent).post('/v1/sync/push', {
    mutations: [
      {
        id: 'a1',
        hlc: hlc(),
        kind: 'customer.upsert',
        data: { id: 'cust-a', displayName: 'Khách của A', phones: ['+84911111111'] },
      },
      {
        id: 'a2',
        hlc: hlc(),
        kind: 'identity.upsert',
        data: {
          id: 'ident-a',
          customerId: 'cust-a',
          platform: 'zalo',
          accountId: 'oa',
          externalId: 'za',
          idConfidence: 'strong',
        },
      },
      {
        id: 'a3',
        hlc: hlc(),
        kind: 'note.add',
        data: { id: 'note-a', customerId: 'cust-a', text: 'bí mật của A' },
      },
      {
        id: 'a4',
        hlc: hlc(),
        kind: 'label.assign',
        data: { customerId: 'cust-a', labelId: ids.label },
      },
      {
        id: 'a5',
        hlc: hlc(),
        kind: 'touchpoint.record',
        data: {
          id: 'ident-a:2026-11-23',
          customerId: 'cust-a',
          identityId: 'ident-a',
          platform: 'zalo',
          day: '2026-11-23',
          at: Date.now(),
        },
      },
    ],
  });
  expect(push.body.results.every((r: Json) => r.status === 'applied')).toBe(true);
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

const text = (x: unknown) => JSON.stringify(x);

describe('tenant isolation: team B against team A rows, endpoint by endpoint', () => {
  it('GET /v1/me and /v1/members show only B', async () => {
    expect((await as(B.agent).get('/v1/me')).body.teamId).toBe(B.teamId);
    const members = (await as(B.agent).get('/v1/members')).body.members;
    expect(members.map((m: Json) => m.name).every((n: string) => n.startsWith('Shop B'))).toBe(
      true,
    );
    expect((await as(B.owner).delete(`/v1/members/${A.ids.agent}`)).status).toBe(404);
    expect((await as(A.agent).get('/v1/me')).status).toBe(200);
  });

  it('labels: B cannot list, change, archive or reorder A labels', async () => {
    for (const path of ['/v1/labels', '/v1/labels?archived=1']) {
      expect(text((await as(B.owner).get(path)).body)).not.toContain('A-VIP');
    }
    expect((await as(B.owner).patch(`/v1/labels/${ids.label}`, { name: 'hacked' })).status).toBe(
      404,
    );
    expect((await as(B.owner).delete(`/v1/labels/${ids.label}`)).status).toBe(404);
    expect((await as(B.owner).post('/v1/labels/reorder', { ids: [ids.label] })).status).toBe(404);
    // The same id in B is B's own label; A's is untouched.
    expect(
      (await as(B.owner).post('/v1/labels', { id: ids.label, name: 'B-own', color: '#000000' }))
        .status,
    ).toBe(201);
    expect((await as(A.agent).get('/v1/labels')).body.labels).toEqual([
      expect.objectContaining({ id: ids.label, name: 'A-VIP' }),
    ]);
  });

  it('templates: B cannot read, change or archive A templates', async () => {
    expect(text((await as(B.agent).get('/v1/templates?archived=1')).body)).not.toContain('A-hello');
    expect((await as(B.agent).get(`/v1/templates/${ids.template}`)).status).toBe(404);
    expect((await as(B.owner).patch(`/v1/templates/${ids.template}`, { title: 'x' })).status).toBe(
      404,
    );
    expect((await as(B.owner).delete(`/v1/templates/${ids.template}`)).status).toBe(404);
    expect((await as(A.agent).get(`/v1/templates/${ids.template}`)).body.template.title).toBe(
      'A-hello',
    );
  });

  it('lookup: B finds nothing by A identities or phones', async () => {
    expect(
      (await as(B.agent).get('/v1/customers/lookup?platform=zalo&accountId=oa&externalId=za')).body
        .matches,
    ).toEqual([]);
    expect((await as(B.agent).get('/v1/customers/lookup?phone=0911111111')).body.matches).toEqual(
      [],
    );
    expect(
      (await as(A.agent).get('/v1/customers/lookup?phone=0911111111')).body.matches,
    ).toHaveLength(1);
  });

  it('push: B mutations naming A ids never touch A rows', async () => {
    const r = await as(B.owner).post('/v1/sync/push', {
      mutations: [
        { id: 'b1', hlc: hlc(), kind: 'note.edit', data: { id: 'note-a', text: 'overwritten' } },
        { id: 'b2', hlc: hlc(), kind: 'note.delete', data: { id: 'note-a' } },
        {
          id: 'b3',
          hlc: hlc(),
          kind: 'customer.upsert',
          data: { id: 'cust-a', displayName: 'B thinks' },
        },
        {
          id: 'b4',
          hlc: hlc(),
          kind: 'label.unassign',
          data: { customerId: 'cust-a', labelId: ids.label, tags: ['a4'] },
        },
        // A mutation id already used by team A is a fresh id in team B.
        {
          id: 'a1',
          hlc: hlc(),
          kind: 'customer.upsert',
          data: { id: 'cust-b', displayName: 'B customer' },
        },
      ],
    });
    expect(r.body.results.map((x: Json) => x.status)).toEqual([
      'rejected',
      'rejected',
      'applied',
      'applied',
      'applied',
    ]);
    const a = (
      await as(A.agent).get('/v1/customers/lookup?platform=zalo&accountId=oa&externalId=za')
    ).body.matches[0];
    expect(a.customer.displayName).toBe('Khách của A');
    expect(a.notes[0].text).toBe('bí mật của A');
    expect(a.labelIds).toEqual([ids.label]);
  });

  it('pull: snapshot and change feed of B hold only B rows', async () => {
    const snap = await as(B.agent).get('/v1/sync/pull');
    const feed = await as(B.agent).get('/v1/sync/pull?since=0');
    for (const body of [snap.body, feed.body]) {
      const s = text(body);
      expect(s).not.toContain('Khách của A');
      expect(s).not.toContain('bí mật của A');
      expect(s).not.toContain('A-VIP');
      expect(s).not.toContain('A-hello');
    }
    expect(text(snap.body)).toContain('B customer');
  });

  it('stats: B counts only its own customers', async () => {
    const r = await as(B.manager).get('/v1/stats?from=2026-11-01&to=2026-11-30');
    expect(r.body.totals).toEqual({ new: 0, returning: 0 });
    expect(
      (await as(A.manager).get('/v1/stats?from=2026-11-01&to=2026-11-30')).body.totals,
    ).toEqual({ new: 1, returning: 0 });
  });

  it('stream: B is not told about A changes', async () => {
    const res = await srv.app.request('/v1/sync/stream', {
      headers: { Authorization: `Bearer ${B.agent}` },
    });
    const sse = sseReader(res.body!);
    await sse.waitFor((e) => e.event === 'ready');
    await as(A.manager).patch(`/v1/labels/${ids.label}`, { color: '#00ff00' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sse.events.filter((e) => e.event === 'change')).toEqual([]);
    await as(B.manager).post('/v1/labels', { name: 'B-new', color: '#000000' });
    await sse.waitFor((e) => e.event === 'change');
    await sse.close();
  });
});

describe('roles', () => {
  const cases: {
    what: string;
    call: (token: string, i: number) => Promise<{ status: number }>;
    allowed: ('owner' | 'manager' | 'agent')[];
  }[] = [
    {
      what: 'GET /v1/labels',
      call: (tk) => as(tk).get('/v1/labels'),
      allowed: ['owner', 'manager', 'agent'],
    },
    {
      what: 'POST /v1/labels',
      call: (tk, i) => as(tk).post('/v1/labels', { name: `R${i}`, color: '#000000' }),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'PATCH /v1/labels/:id',
      call: (tk, i) => as(tk).patch(`/v1/labels/${ids.label}`, { order: i }),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'DELETE /v1/labels/:id',
      call: (tk) => as(tk).delete(`/v1/labels/${ids.label}`),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'POST /v1/labels/reorder',
      call: (tk) => as(tk).post('/v1/labels/reorder', { ids: [ids.label] }),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'GET /v1/templates',
      call: (tk) => as(tk).get('/v1/templates'),
      allowed: ['owner', 'manager', 'agent'],
    },
    {
      what: 'POST /v1/templates',
      call: (tk, i) => as(tk).post('/v1/templates', { title: `T${i}`, body: 'x' }),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'PATCH /v1/templates/:id',
      call: (tk) => as(tk).patch(`/v1/templates/${ids.template}`, { body: 'y' }),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'DELETE /v1/templates/:id',
      call: (tk) => as(tk).delete(`/v1/templates/${ids.template}`),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'GET /v1/members',
      call: (tk) => as(tk).get('/v1/members'),
      allowed: ['owner', 'manager', 'agent'],
    },
    {
      what: 'POST /v1/members (agent)',
      call: (tk, i) => as(tk).post('/v1/members', { name: `N${i}`, role: 'agent' }),
      allowed: ['owner', 'manager'],
    },
    {
      what: 'GET /v1/customers/lookup',
      call: (tk) => as(tk).get('/v1/customers/lookup?phone=0911111111'),
      allowed: ['owner', 'manager', 'agent'],
    },
    {
      what: 'GET /v1/sync/pull',
      call: (tk) => as(tk).get('/v1/sync/pull?since=0'),
      allowed: ['owner', 'manager', 'agent'],
    },
    {
      what: 'GET /v1/stats',
      call: (tk) => as(tk).get('/v1/stats'),
      allowed: ['owner', 'manager', 'agent'],
    },
  ];
  it.each(cases)('$what: allowed for $allowed', async ({ call, allowed }) => {
    let i = 0;
    for (const role of ['owner', 'manager', 'agent'] as const) {
      const r = await call(A[role], i++);
      if (allowed.includes(role)) expect(r.status, role).toBeLessThan(300);
      else expect(r.status, role).toBe(403);
    }
  });

  it('push: agents may record customers, identities, touchpoints, notes, assignments and care items, not the catalog', async () => {
    const data: Record<string, unknown> = {
      'customer.upsert': { id: 'rc', displayName: 'x' },
      'identity.upsert': {
        id: 'ri',
        customerId: 'rc',
        platform: 'zalo',
        accountId: 'a',
        externalId: 'e',
        idConfidence: 'weak',
      },
      'touchpoint.record': {
        id: 'rt',
        customerId: 'rc',
        identityId: 'ri',
        platform: 'zalo',
        day: '2026-11-23',
        at: 1,
      },
      'label.create': { id: 'rl', name: 'Role label', color: '#000000' },
      'label.update': { id: ids.label, color: '#111111' },
      'label.archive': { id: ids.label, archived: false },
      'label.reorder': { ids: [ids.label] },
      'label.assign': { customerId: 'rc', labelId: ids.label },
      'label.unassign': { customerId: 'rc', labelId: ids.label, tags: ['nothing'] },
      'note.add': { id: 'rn', customerId: 'rc', text: 'hi' },
      'note.edit': { id: 'rn', text: 'hi again' },
      'note.delete': { id: 'rn' },
      'template.create': { id: 'rtpl', title: 't', body: 'b' },
      'template.update': { id: ids.template, body: 'c' },
      'template.archive': { id: ids.template, archived: false },
      'care.state': {
        id: 'rc|thank-you|o1',
        customerId: 'rc',
        kind: 'thank-you',
        occasion: 'o1',
        dueAt: 1,
        state: 'done',
      },
      'care.reminder': {
        id: 'rc|reminder|r1',
        customerId: 'rc',
        occasion: 'r1',
        dueAt: 1,
        note: '',
      },
      // Pipeline (issue 9): an agent moves a customer to a stage.
      'customer.stage': { customerId: 'rc', stageId: 'ordered', setBy: 'agent', at: 1 },
    };
    const mutations = MUTATION_KINDS.map((kind, i) => ({
      id: `role-${i}`,
      hlc: hlc(),
      kind,
      data: data[kind],
    }));
    const r = await as(A.agent).post('/v1/sync/push', { mutations });
    const byKind = Object.fromEntries(MUTATION_KINDS.map((k, i) => [k, r.body.results[i]]));
    for (const k of [
      'label.create',
      'label.update',
      'label.archive',
      'label.reorder',
      'template.create',
      'template.update',
      'template.archive',
    ]) {
      expect(byKind[k], k).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    }
    for (const k of [
      'customer.upsert',
      'identity.upsert',
      'touchpoint.record',
      'label.assign',
      'label.unassign',
      'note.add',
      'note.edit',
      'note.delete',
      'care.state',
      'care.reminder',
      'customer.stage',
    ]) {
      expect(byKind[k], k).toMatchObject({ status: 'applied' });
    }
  });

  it("agents edit only their own notes; managers moderate anyone's", async () => {
    await as(A.agent).post('/v1/sync/push', {
      mutations: [
        {
          id: 'own-1',
          hlc: hlc(),
          kind: 'note.add',
          data: { id: 'note-own', customerId: 'cust-a', text: 'của agent 1' },
        },
      ],
    });
    const other = await as(A.agent2).post('/v1/sync/push', {
      mutations: [
        {
          id: 'own-2',
          hlc: hlc(),
          kind: 'note.edit',
          data: { id: 'note-own', text: 'agent 2 sửa' },
        },
        {
          id: 'own-3',
          hlc: hlc(),
          kind: 'note.add',
          data: { id: 'note-own', customerId: 'cust-a', text: 'chiếm' },
        },
      ],
    });
    expect(other.body.results.map((x: Json) => x.error?.code)).toEqual(['forbidden', 'conflict']);
    const mgr = await as(A.manager).post('/v1/sync/push', {
      mutations: [{ id: 'own-4', hlc: hlc(), kind: 'note.delete', data: { id: 'note-own' } }],
    });
    expect(mgr.body.results[0].status).toBe('applied');
  });
});
