// The REST API as a manager and an agent use it: labels, templates, members, lookups,
// stats, and the documented errors for bad, oversized, unauthenticated and too-fast requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHlc } from '../../core/sync/hlc';
import type { PreparedStatement } from '../../server/db/index';
import { jsonLogger } from '../../server/log';
import {
  client,
  ENGINE,
  type Instance,
  instance,
  type Json,
  makeTeam,
  openTestDb,
  type Team,
  type TestDb,
} from './harness';

let t: TestDb;
let srv: Instance;
let team: Team;
const hlc = (node: string, ms = Date.now(), counter = 0) => packHlc({ ms, counter, node });

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 1000, burst: 10_000 } });
  team = await makeTeam(t.db, 'Shop Hoa');
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

const as = (token: string) => client(srv.app, token);
function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe(`health and identity (${ENGINE})`, () => {
  it('health needs no token and says which engine runs', async () => {
    const res = await client(srv.app).get('/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, engine: ENGINE });
  });

  it('/v1/me tells a member who they are', async () => {
    const res = await as(team.agent).get('/v1/me');
    expect(res.body).toEqual({
      teamId: team.teamId,
      teamName: 'Shop Hoa',
      memberId: team.ids.agent,
      name: 'Shop Hoa agent',
      role: 'agent',
    });
  });
});

describe('labels', () => {
  it('a manager creates, renames, recolours, reorders and archives; agents see the catalog', async () => {
    const mgr = as(team.manager);
    const a = await mgr.post('/v1/labels', { name: 'Khách sỉ', color: '#2e7d32' });
    expect(a.status).toBe(201);
    const b = await mgr.post('/v1/labels', { name: 'Boom hàng', color: '#c62828' });
    expect(b.body.label.order).toBe(a.body.label.order + 1);

    const renamed = await mgr.patch(`/v1/labels/${a.body.label.id}`, {
      name: 'Khách buôn',
      color: '#1565c0',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.label).toMatchObject({
      name: 'Khách buôn',
      color: '#1565c0',
      archived: false,
    });

    const reordered = await mgr.post('/v1/labels/reorder', {
      ids: [b.body.label.id, a.body.label.id],
    });
    expect(reordered.body.labels.map((l: Json) => l.name)).toEqual(['Boom hàng', 'Khách buôn']);

    const archived = await mgr.delete(`/v1/labels/${b.body.label.id}`);
    expect(archived.body.label.archived).toBe(true);

    const seen = await as(team.agent).get('/v1/labels');
    expect(seen.body.labels.map((l: Json) => l.name)).toEqual(['Khách buôn']);
    const all = await as(team.agent).get('/v1/labels?archived=1');
    expect(all.body.labels.map((l: Json) => [l.name, l.archived])).toEqual([
      ['Boom hàng', true],
      ['Khách buôn', false],
    ]);
  });

  it('two active labels cannot share a name (409), ignoring case; an archived name can be reused', async () => {
    const mgr = as(team.manager);
    await mgr.post('/v1/labels', { name: 'Chờ chuyển khoản', color: '#ffaa00' });
    const dup = await mgr.post('/v1/labels', { name: 'chờ chuyển khoản ', color: '#000000' });
    expectError(dup, 409, 'conflict');
    expect(dup.body.error.details).toEqual({ field: 'name' });
    // "Boom hàng" was archived above: the name is free again.
    expect((await mgr.post('/v1/labels', { name: 'Boom hàng', color: '#000000' })).status).toBe(
      201,
    );
  });

  it('creating with an id that exists is a conflict; changing an unknown label is 404', async () => {
    const mgr = as(team.manager);
    await mgr.post('/v1/labels', { id: 'fixed-id', name: 'Có id', color: '#000000' });
    expectError(
      await mgr.post('/v1/labels', { id: 'fixed-id', name: 'Khác', color: '#000000' }),
      409,
      'conflict',
    );
    expectError(await mgr.patch('/v1/labels/nope', { name: 'x' }), 404, 'not_found');
    expectError(await mgr.delete('/v1/labels/nope'), 404, 'not_found');
    expectError(
      await mgr.post('/v1/labels/reorder', { ids: ['fixed-id', 'nope'] }),
      404,
      'not_found',
    );
  });

  it('agents cannot change the catalog (403)', async () => {
    const agent = as(team.agent);
    expectError(
      await agent.post('/v1/labels', { name: 'Của tôi', color: '#000000' }),
      403,
      'forbidden',
    );
    expectError(await agent.patch('/v1/labels/fixed-id', { name: 'x' }), 403, 'forbidden');
    expectError(await agent.delete('/v1/labels/fixed-id'), 403, 'forbidden');
    expectError(await agent.post('/v1/labels/reorder', { ids: ['fixed-id'] }), 403, 'forbidden');
  });
});

describe('templates', () => {
  it('managers write shared templates, agents read them', async () => {
    const mgr = as(team.manager);
    const created = await mgr.post('/v1/templates', {
      title: 'Chào khách mới',
      body: 'Dạ shop chào {name} ạ!',
      segments: ['new'],
      intents: ['greeting'],
    });
    expect(created.status).toBe(201);
    const id = created.body.template.id;
    const edited = await mgr.patch(`/v1/templates/${id}`, { body: 'Dạ em chào {name} ạ!' });
    expect(edited.body.template).toMatchObject({
      title: 'Chào khách mới',
      body: 'Dạ em chào {name} ạ!',
      segments: ['new'],
    });
    const list = await as(team.agent).get('/v1/templates');
    expect(list.body.templates).toHaveLength(1);
    expect((await as(team.agent).get(`/v1/templates/${id}`)).body.template.body).toBe(
      'Dạ em chào {name} ạ!',
    );
    expectError(
      await as(team.agent).post('/v1/templates', { title: 'x', body: 'y' }),
      403,
      'forbidden',
    );
    expectError(
      await as(team.agent).patch(`/v1/templates/${id}`, { title: 'x' }),
      403,
      'forbidden',
    );
    await mgr.delete(`/v1/templates/${id}`);
    expect((await as(team.agent).get('/v1/templates')).body.templates).toEqual([]);
    expect(
      (await as(team.agent).get('/v1/templates?archived=true')).body.templates[0].archived,
    ).toBe(true);
    expectError(await mgr.patch('/v1/templates/missing', { title: 'x' }), 404, 'not_found');
    expectError(await as(team.agent).get('/v1/templates/missing'), 404, 'not_found');
  });
});

describe('members', () => {
  it('the owner invites a manager; the manager invites an agent whose token works at once', async () => {
    const m = await as(team.owner).post('/v1/members', { name: 'Quản lý 2', role: 'manager' });
    expect(m.status).toBe(201);
    expect(m.body.token).toMatch(/^kq_/);
    const a = await as(m.body.token).post('/v1/members', { name: 'Nhân viên mới', role: 'agent' });
    expect(a.status).toBe(201);
    expect((await as(a.body.token).get('/v1/me')).body).toMatchObject({
      role: 'agent',
      name: 'Nhân viên mới',
    });
    const list = await as(team.agent).get('/v1/members');
    expect(list.body.members.map((x: Json) => x.name)).toEqual(
      expect.arrayContaining(['Quản lý 2', 'Nhân viên mới']),
    );
    // Tokens are stored hashed: the plain token appears nowhere in the database.
    const leaked = await t.db.query('SELECT 1 FROM tokens WHERE hash = $1', [a.body.token]);
    expect(leaked).toEqual([]);
  });

  it('managers cannot invite managers, agents cannot invite anyone', async () => {
    expectError(
      await as(team.manager).post('/v1/members', { name: 'X', role: 'manager' }),
      403,
      'forbidden',
    );
    expectError(
      await as(team.agent).post('/v1/members', { name: 'X', role: 'agent' }),
      403,
      'forbidden',
    );
    expectError(
      await as(team.owner).post('/v1/members', { name: 'X', role: 'owner' }),
      400,
      'bad_request',
    );
  });

  it('a removed member is locked out immediately', async () => {
    const a = await as(team.manager).post('/v1/members', { name: 'Tạm thời', role: 'agent' });
    expect((await as(a.body.token).get('/v1/me')).status).toBe(200);
    expect((await as(team.manager).delete(`/v1/members/${a.body.memberId}`)).status).toBe(200);
    expectError(await as(a.body.token).get('/v1/me'), 401, 'unauthorized');
    expectError(await as(team.manager).delete(`/v1/members/${team.ids.owner}`), 403, 'forbidden');
    expectError(await as(team.agent).delete(`/v1/members/${team.ids.agent2}`), 403, 'forbidden');
    expectError(await as(team.owner).delete('/v1/members/nobody'), 404, 'not_found');
  });
});

describe('member roles', () => {
  it('the owner makes an agent a manager and back; the new role applies at once', async () => {
    const a = await as(team.owner).post('/v1/members', { name: 'Lên chức', role: 'agent' });
    expectError(
      await as(a.body.token).post('/v1/members', { name: 'X', role: 'agent' }),
      403,
      'forbidden',
    );
    const up = await as(team.owner).patch(`/v1/members/${a.body.memberId}`, { role: 'manager' });
    expect(up.body).toEqual({ memberId: a.body.memberId, role: 'manager' });
    expect((await as(a.body.token).get('/v1/me')).body).toMatchObject({ role: 'manager' });
    expect((await as(a.body.token).post('/v1/members', { name: 'Y', role: 'agent' })).status).toBe(
      201,
    );
    await as(team.owner).patch(`/v1/members/${a.body.memberId}`, { role: 'agent' });
    expect((await as(a.body.token).get('/v1/me')).body).toMatchObject({ role: 'agent' });
  });

  it('only the owner changes roles, never their own, and not a removed member', async () => {
    const target = `/v1/members/${team.ids.agent2}`;
    expectError(await as(team.manager).patch(target, { role: 'manager' }), 403, 'forbidden');
    expectError(await as(team.agent).patch(target, { role: 'manager' }), 403, 'forbidden');
    expectError(
      await as(team.owner).patch(`/v1/members/${team.ids.owner}`, { role: 'agent' }),
      403,
      'forbidden',
    );
    expectError(await as(team.owner).patch(target, { role: 'owner' }), 400, 'bad_request');
    expectError(await as(team.owner).patch(target, { role: 'manager', x: 1 }), 400, 'bad_request');
    expectError(
      await as(team.owner).patch('/v1/members/nobody', { role: 'agent' }),
      404,
      'not_found',
    );
    const gone = await as(team.owner).post('/v1/members', { name: 'Đã nghỉ', role: 'agent' });
    await as(team.owner).delete(`/v1/members/${gone.body.memberId}`);
    expectError(
      await as(team.owner).patch(`/v1/members/${gone.body.memberId}`, { role: 'manager' }),
      409,
      'conflict',
    );
  });
});

describe('customer lookup', () => {
  it('finds a customer by platform identity and by phone in any Vietnamese format', async () => {
    const now = Date.now();
    const push = await as(team.agent).post('/v1/sync/push', {
      mutations: [
        {
          id: 'lk-1',
          hlc: hlc('ag', now),
          kind: 'customer.upsert',
          data: {
            id: 'cust-lan',
            displayName: 'Chị Lan',
            phones: ['+84912345678'],
            firstSeenAt: now,
            firstSeenPlatform: 'messenger',
          },
        },
        {
          id: 'lk-2',
          hlc: hlc('ag', now, 1),
          kind: 'identity.upsert',
          data: {
            id: 'id-fb',
            customerId: 'cust-lan',
            platform: 'messenger',
            accountId: 'page1',
            externalId: 'psid-9',
            idConfidence: 'strong',
            displayName: 'Lan Nguyễn',
          },
        },
        {
          id: 'lk-3',
          hlc: hlc('ag', now, 2),
          kind: 'identity.upsert',
          data: {
            id: 'id-zl',
            customerId: 'cust-lan',
            platform: 'zalo',
            accountId: 'oa1',
            externalId: 'z-77',
            idConfidence: 'strong',
          },
        },
        {
          id: 'lk-4',
          hlc: hlc('ag', now, 3),
          kind: 'note.add',
          data: { id: 'note-lan', customerId: 'cust-lan', text: 'Giao buổi chiều' },
        },
        {
          id: 'lk-5',
          hlc: hlc('ag', now, 4),
          kind: 'label.assign',
          data: { customerId: 'cust-lan', labelId: 'fixed-id' },
        },
        {
          id: 'lk-6',
          hlc: hlc('ag', now, 5),
          kind: 'touchpoint.record',
          data: {
            id: 'id-fb:2026-11-20',
            customerId: 'cust-lan',
            identityId: 'id-fb',
            platform: 'messenger',
            day: '2026-11-20',
            at: now,
          },
        },
        {
          id: 'lk-7',
          hlc: hlc('ag', now, 6),
          kind: 'touchpoint.record',
          data: {
            id: 'id-zl:2026-11-22',
            customerId: 'cust-lan',
            identityId: 'id-zl',
            platform: 'zalo',
            day: '2026-11-22',
            at: now,
          },
        },
      ],
    });
    expect(push.body.results.map((r: Json) => r.status)).toEqual(Array(7).fill('applied'));

    const byId = await as(team.agent2).get(
      '/v1/customers/lookup?platform=messenger&accountId=page1&externalId=psid-9',
    );
    expect(byId.status).toBe(200);
    expect(byId.body.matches).toHaveLength(1);
    const match = byId.body.matches[0];
    expect(match.customer).toMatchObject({
      id: 'cust-lan',
      displayName: 'Chị Lan',
      phones: ['+84912345678'],
    });
    expect(match.identities.map((i: Json) => i.platform).sort()).toEqual(['messenger', 'zalo']);
    expect(match.labelIds).toEqual(['fixed-id']);
    expect(match.notes).toEqual([
      expect.objectContaining({ text: 'Giao buổi chiều', author: team.ids.agent }),
    ]);
    expect(match.contactDays).toBe(2);

    for (const phone of ['0912 345 678', '+84912345678', '84.912.345.678']) {
      const r = await as(team.agent).get(`/v1/customers/lookup?phone=${encodeURIComponent(phone)}`);
      expect(r.body.matches.map((x: Json) => x.customer.id)).toEqual(['cust-lan']);
    }
    expect(
      (await as(team.agent).get('/v1/customers/lookup?phone=0999999999')).body.matches,
    ).toEqual([]);
  });

  it('says which lookup field is missing or malformed', async () => {
    const agent = as(team.agent);
    let r = await agent.get('/v1/customers/lookup?platform=zalo&accountId=oa1');
    expectError(r, 400, 'bad_request');
    expect(r.body.error.message).toContain('externalId');
    r = await agent.get('/v1/customers/lookup?phone=abc');
    expect(r.body.error.details.issues[0].path).toBe('phone');
    r = await agent.get('/v1/customers/lookup?platform=tiktok&accountId=a&externalId=b');
    expect(r.body.error.details.issues[0].path).toBe('platform');
    r = await agent.get('/v1/customers/lookup');
    expectError(r, 400, 'bad_request');
  });
});

describe('read replica', () => {
  it('lookups and stats read from the replica connection, writes go to the primary', async () => {
    const replica = await t.connectAgain();
    const seen: string[] = [];
    const counting = {
      ...replica,
      query: (sql: string | PreparedStatement, params?: unknown[]) => {
        seen.push((typeof sql === 'string' ? sql : sql.text).trim().slice(0, 30));
        return replica.query(sql, params);
      },
    } as typeof replica;
    const withReplica = await instance(t.db, { readDb: counting });
    try {
      const api = client(withReplica.app, team.agent);
      expect((await api.get('/v1/customers/lookup?phone=0912345678')).body.matches).toHaveLength(1);
      expect((await api.get('/v1/stats')).status).toBe(200);
      expect(seen.some((q) => q.includes('kq_lookup_phone'))).toBe(true);
      expect(seen.length).toBe(5);
      await api.post('/v1/sync/push', {
        mutations: [
          {
            id: 'rr-1',
            hlc: hlc('rr'),
            kind: 'customer.upsert',
            data: { id: 'rr-c', displayName: 'x' },
          },
        ],
      });
      expect(seen.length).toBe(5);
    } finally {
      await withReplica.stop();
    }
  });
});

describe('stats', () => {
  it('counts new vs returning customer-days per day, channel and agent', async () => {
    const t2 = await makeTeam(t.db, 'Shop Stats');
    const ms = Date.parse('2026-11-20T03:00:00Z');
    const tp = (i: number, c: string, platform: string, day: string) => ({
      id: `st-${c}-${day}-${i}`,
      hlc: hlc('s', ms, i),
      kind: 'touchpoint.record',
      data: {
        id: `${c}-${platform}:${day}`,
        customerId: c,
        identityId: `${c}-${platform}`,
        platform,
        day,
        at: ms,
      },
    });
    await as(t2.agent).post('/v1/sync/push', {
      mutations: [
        tp(1, 'lan', 'messenger', '2026-11-18'),
        tp(2, 'lan', 'zalo', '2026-11-20'),
        tp(3, 'minh', 'zalo', '2026-11-20'),
      ],
    });
    await as(t2.agent2).post('/v1/sync/push', {
      mutations: [tp(4, 'hoa', 'instagram', '2026-11-21')],
    });
    const r = await as(t2.manager).get('/v1/stats?from=2026-11-19&to=2026-11-21');
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ new: 2, returning: 1 });
    expect(r.body.days).toEqual([
      { day: '2026-11-20', new: 1, returning: 1 },
      { day: '2026-11-21', new: 1, returning: 0 },
    ]);
    expect(r.body.channels).toEqual([
      { platform: 'instagram', new: 1, returning: 0 },
      { platform: 'zalo', new: 1, returning: 1 },
    ]);
    expect(r.body.agents).toEqual(
      expect.arrayContaining([
        { memberId: t2.ids.agent, name: 'Shop Stats agent', new: 1, returning: 1 },
        { memberId: t2.ids.agent2, name: 'Shop Stats agent 2', new: 1, returning: 0 },
      ]),
    );
    expectError(
      await as(t2.manager).get('/v1/stats?from=2026-11-22&to=2026-11-21'),
      400,
      'bad_request',
    );
    expectError(await as(t2.manager).get('/v1/stats?from=yesterday'), 400, 'bad_request');
  });
});

describe('documented errors', () => {
  it('401 without a token, with a malformed one and with an unknown one', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Basic abc' },
      { Authorization: 'Bearer kq_nope' },
      { Authorization: `Bearer kq_${'A'.repeat(43)}` },
    ]) {
      const r = await client(srv.app).get('/v1/labels', headers);
      expectError(r, 401, 'unauthorized');
      expect(r.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    }
  });

  it('400 names the field for bad bodies, bad JSON and unknown fields', async () => {
    const mgr = as(team.manager);
    let r = await mgr.post('/v1/labels', { name: 'Ok', color: 'red' });
    expectError(r, 400, 'bad_request');
    expect(r.body.error.details.issues[0].path).toBe('color');
    expect(r.body.error.message).toContain('color');
    r = await mgr.post('/v1/labels', '{"name": ');
    expectError(r, 400, 'bad_request');
    r = await mgr.post('/v1/labels', { name: 'Ok', color: '#000000', colour: 'x' });
    expect(r.body.error.details.issues[0].message).toContain('colour');
    r = await mgr.patch('/v1/labels/fixed-id', {});
    expectError(r, 400, 'bad_request');
    r = await as(team.agent).post('/v1/sync/push', {
      mutations: [{ id: 'x', hlc: 'yesterday', kind: 'note.add', data: {} }],
    });
    expect(r.body.error.details.issues.map((i: Json) => i.path)).toEqual(
      expect.arrayContaining(['mutations.0.hlc', 'mutations.0.data.id', 'mutations.0.data.text']),
    );
    r = await as(team.agent).post('/v1/sync/push', {
      mutations: [{ id: 'x', hlc: hlc('a'), kind: 'label.paint', data: {} }],
    });
    expect(r.body.error.details.issues[0]).toMatchObject({
      path: 'mutations.0.kind',
      message: 'unknown kind',
    });
    const many = Array.from({ length: 501 }, (_, i) => ({
      id: `big-${i}`,
      hlc: hlc('a', Date.now(), i),
      kind: 'customer.upsert',
      data: { id: `c${i}` },
    }));
    r = await as(team.agent).post('/v1/sync/push', { mutations: many });
    expect(r.body.error.details.issues[0]).toMatchObject({
      path: 'mutations',
      message: 'too big (at most 500)',
    });
    r = await as(team.agent).get('/v1/sync/pull?limit=100000');
    expect(r.body.error.details.issues[0].path).toBe('limit');
  });

  it('413 for a body over the limit, before it is parsed', async () => {
    const small = await instance(t.db, { bodyLimitBytes: 2_000 });
    try {
      const r = await client(small.app, team.manager).post('/v1/labels', {
        name: 'x'.repeat(5_000),
        color: '#000000',
      });
      expectError(r, 413, 'payload_too_large');
    } finally {
      await small.stop();
    }
  });

  it('429 with Retry-After when one token goes too fast, other tokens unaffected', async () => {
    // A refill rate so slow that a loaded machine cannot sneak a sixth request through.
    const tight = await instance(t.db, { rateLimit: { perSecond: 0.01, burst: 5 } });
    try {
      const statuses: number[] = [];
      let limited: Json;
      for (let i = 0; i < 8; i++) {
        const r = await client(tight.app, team.agent).get('/v1/me');
        statuses.push(r.status);
        if (r.status === 429) limited = r;
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      expect((await client(tight.app, team.agent2).get('/v1/me')).status).toBe(200);
    } finally {
      await tight.stop();
    }
  });

  it('request logs are structured and carry no customer data', async () => {
    const lines: string[] = [];
    const logged = await instance(t.db, { logger: jsonLogger('info', (l) => lines.push(l)) });
    try {
      const api = client(logged.app, team.agent);
      await api.get('/v1/customers/lookup?phone=0912345678');
      await api.get('/v1/customers/lookup?platform=messenger&accountId=page1&externalId=psid-9');
      await api.post('/v1/sync/push', {
        mutations: [
          {
            id: 'log-1',
            hlc: hlc('lg'),
            kind: 'note.add',
            data: { id: 'note-log', customerId: 'cust-lan', text: 'SĐT 0988777666' },
          },
        ],
      });
      const entries = lines.map((l) => JSON.parse(l));
      expect(entries.map((e) => [e.method, e.route, e.status])).toEqual([
        ['GET', '/v1/customers/lookup', 200],
        ['GET', '/v1/customers/lookup', 200],
        ['POST', '/v1/sync/push', 200],
      ]);
      expect(entries[0]).toMatchObject({
        level: 'info',
        msg: 'request',
        team: team.teamId,
        member: team.ids.agent,
      });
      const all = lines.join('\n');
      for (const secret of [
        '0912345678',
        '912345678',
        'psid-9',
        'page1',
        'Chị Lan',
        '0988777666',
        team.agent,
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await logged.stop();
    }
  });

  it('404 JSON for unknown routes; security headers and extension-only CORS', async () => {
    expectError(await as(team.agent).get('/v1/nothing-here'), 404, 'not_found');
    const r = await client(srv.app).get('/v1/health', {
      Origin: 'chrome-extension://abcdefghijklmnop',
    });
    expect(r.headers.get('Access-Control-Allow-Origin')).toBe(
      'chrome-extension://abcdefghijklmnop',
    );
    expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(r.headers.get('X-Frame-Options')).toBe('DENY');
    expect(r.headers.get('Cache-Control')).toBe('no-store');
    const evil = await client(srv.app).get('/v1/health', { Origin: 'https://evil.example' });
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const pre = await srv.app.request('/v1/labels', {
      method: 'OPTIONS',
      headers: { Origin: 'moz-extension://1234-abcd', 'Access-Control-Request-Method': 'PATCH' },
    });
    expect(pre.headers.get('Access-Control-Allow-Origin')).toBe('moz-extension://1234-abcd');
    expect(pre.headers.get('Access-Control-Allow-Methods')).toContain('PATCH');
  });
});
