// The API bad-input corpus (test/corpus/api/*.json, format in its README): every case runs
// against the real app, on PGlite and on PostgreSQL. Whatever a case sends — malformed JSON,
// wrong types, oversized bodies, SQL-shaped strings, Unicode edge cases, dead tokens,
// another team's ids — the answer is the documented error (never a 500), a refused request
// changes nothing of the caller's team, and the other team's rows stay exactly as they were.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHlc } from '../../core/sync/hlc';
import { newToken } from '../../server/auth';
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

const DIR = path.join(import.meta.dirname, '../corpus/api');

interface Repeat {
  marker: string;
  unit: string;
  times: number;
}

interface Case {
  name: string;
  as: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  repeat?: Repeat | Repeat[];
  expect: {
    status: number;
    code?: string;
    field?: string;
    json?: Record<string, unknown>;
    results?: string[];
    /** Strings the response body must hold, or must not (another team's data). */
    includes?: string[];
    excludes?: string[];
  };
}

const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({
    file: f,
    cases: JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Case[],
  }));

let t: TestDb;
let srv: Instance;
let A: Team;
let B: Team;
const tokens: Record<string, string | undefined> = {};
const ids: Record<string, string> = {};
let clock = 0;
const hlc = () => packHlc({ ms: Date.now(), counter: clock++ % 100_000, node: 'corpus' });

/** Every row of a team in every table that has a team_id column, in a stable order. */
async function dump(teamId: string): Promise<string> {
  const tables = await t.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE column_name = 'team_id' AND table_schema = current_schema() ORDER BY table_name`,
  );
  const out: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const rows = await t.db.query<Record<string, unknown>>(
      `SELECT * FROM ${table_name} WHERE team_id = $1`,
      [teamId],
    );
    out[table_name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  const [team] = await t.db.query('SELECT * FROM teams WHERE id = $1', [teamId]);
  return JSON.stringify({ team, ...out });
}

function fill(s: string): string {
  return s.replace(/\{(hlc|uuid|[AB]\.[a-z]+)\}/g, (_, k: string) => {
    if (k === 'hlc') return hlc();
    if (k === 'uuid') return randomUUID();
    const v = ids[k];
    if (v === undefined) throw new Error(`corpus placeholder {${k}} is unknown`);
    return v;
  });
}

function fillJson(v: unknown): unknown {
  if (typeof v === 'string') return fill(v);
  if (Array.isArray(v)) return v.map(fillJson);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillJson(x)]));
  return v;
}

function at(body: Json, dotted: string): unknown {
  return dotted.split('.').reduce((o, k) => (o == null ? undefined : o[k]), body);
}

async function send(c: Case) {
  const headers: Record<string, string> = {};
  const token = tokens[c.as];
  if (!(c.as in tokens)) throw new Error(`corpus token kind "${c.as}" is unknown`);
  if (token) headers.Authorization = `Bearer ${token}`;
  Object.assign(headers, c.headers ?? {});
  let body: string | undefined;
  if (c.json !== undefined) body = JSON.stringify(fillJson(c.json));
  if (c.raw !== undefined) {
    body = fill(c.raw);
    for (const r of [c.repeat ?? []].flat()) body = body.replace(r.marker, r.unit.repeat(r.times));
  }
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await srv.app.request(fill(c.path), { method: c.method, headers, body });
  const text = await res.text();
  let parsed: Json = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: res.status, body: parsed, text };
}

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 10_000, burst: 100_000 } });
  A = await makeTeam(t.db, 'Shop A');
  B = await makeTeam(t.db, 'Shop B');
  const a = (tok: string) => client(srv.app, tok);

  for (const [team, key] of [
    [A, 'A'],
    [B, 'B'],
  ] as const) {
    ids[`${key}.label`] = (
      await a(team.manager).post('/v1/labels', { name: `${key} VIP`, color: '#ff0000' })
    ).body.label.id;
    ids[`${key}.template`] = (
      await a(team.manager).post('/v1/templates', {
        title: `${key} chào`,
        body: 'Chào {ten_khach}',
      })
    ).body.template.id;
    ids[`${key}.agent`] = team.ids.agent;
    ids[`${key}.owner`] = team.ids.owner;
    ids[`${key}.customer`] = `cust-${key}`;
    ids[`${key}.note`] = `note-${key}`;
    const push = await a(team.agent).post('/v1/sync/push', {
      mutations: [
        {
          id: `${key}-m1`,
          hlc: hlc(),
          kind: 'customer.upsert',
          data: { id: `cust-${key}`, displayName: `Khách của ${key}`, phones: ['+84911111111'] },
        },
        {
          id: `${key}-m2`,
          hlc: hlc(),
          kind: 'identity.upsert',
          data: {
            id: `ident-${key}`,
            customerId: `cust-${key}`,
            platform: 'zalo',
            accountId: 'oa',
            externalId: `z-${key}`,
            idConfidence: 'strong',
          },
        },
        {
          id: `${key}-m3`,
          hlc: hlc(),
          kind: 'note.add',
          data: { id: `note-${key}`, customerId: `cust-${key}`, text: `bí mật của ${key}` },
        },
        {
          id: `${key}-m4`,
          hlc: hlc(),
          kind: 'label.assign',
          data: { customerId: `cust-${key}`, labelId: ids[`${key}.label`] },
        },
      ],
    });
    expect(push.body.results.every((r: Json) => r.status === 'applied')).toBe(true);
  }

  // Dead tokens of team A: a removed member's, and one whose token row alone was revoked
  // (a lost device). Tokens carry no expiry (they are per-device and revoked by hand).
  const removed = await a(A.owner).post('/v1/members', { name: 'Nghỉ việc', role: 'agent' });
  expect((await a(A.owner).delete(`/v1/members/${removed.body.memberId}`)).status).toBe(200);
  const lost = await a(A.owner).post('/v1/members', { name: 'Mất máy', role: 'agent' });
  await t.db.query(`UPDATE tokens SET revoked_at = $2 WHERE team_id = $1 AND member_id = $3`, [
    A.teamId,
    Date.now(),
    lost.body.memberId,
  ]);
  Object.assign(tokens, {
    owner: A.owner,
    manager: A.manager,
    agent: A.agent,
    other: B.manager,
    none: undefined,
    malformed: 'kq_short',
    unknown: newToken(),
    removed: removed.body.token,
    revoked: lost.body.token,
  });
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

describe.each(files)(`API corpus $file (${ENGINE})`, ({ cases }) => {
  let before = '';
  beforeAll(async () => {
    before = await dump(B.teamId);
  });

  it.each(cases)('$name', async (c) => {
    const refused = c.expect.status >= 400;
    const ownBefore = refused ? await dump(A.teamId) : '';
    const res = await send(c);
    const seen = `${c.method} ${c.path} → ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, seen).not.toBe(500);
    expect(res.status, seen).toBe(c.expect.status);
    if (refused) {
      expect(res.body, seen).toMatchObject({
        error: { code: c.expect.code, message: expect.any(String) },
      });
      expect(await dump(A.teamId), 'a refused request changed team A').toBe(ownBefore);
    }
    if (c.expect.field !== undefined) {
      const d = res.body.error.details ?? {};
      const named = [d.field, ...(d.issues ?? []).map((i: Json) => i.path)];
      expect(named, seen).toContain(c.expect.field);
    }
    for (const [p, v] of Object.entries(c.expect.json ?? {}))
      expect(at(res.body, p), `${seen} at ${p}`).toEqual(fillJson(v));
    // Compared as JSON text, so a string matches however the body nests it.
    const asJson = (x: string) => JSON.stringify(fill(x)).slice(1, -1);
    for (const x of c.expect.includes ?? []) expect(res.text, seen).toContain(asJson(x));
    for (const x of c.expect.excludes ?? []) expect(res.text, seen).not.toContain(asJson(x));
    if (c.expect.results) {
      const got = res.body.results.map((r: Json) =>
        r.status === 'rejected' ? `rejected:${r.error.code}` : r.status,
      );
      expect(got, seen).toEqual(c.expect.results);
    }
  });

  it("leaves the other team's rows unchanged", async () => {
    expect(await dump(B.teamId)).toBe(before);
  });
});

describe(`API corpus: bodies without a Content-Length (${ENGINE})`, () => {
  const stream = (bytes: number) =>
    new ReadableStream<Uint8Array>({
      start(ctl) {
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
        ctl.enqueue(new TextEncoder().encode('{"name":"'));
        for (let sent = 0; sent < bytes; sent += chunk.length) ctl.enqueue(chunk);
        ctl.enqueue(new TextEncoder().encode('","color":"#000000"}'));
        ctl.close();
      },
    });

  it('a streamed body over the limit is 413 with the JSON error shape, and nothing is stored', async () => {
    const before = await dump(A.teamId);
    const res = await srv.app.request('/v1/labels', {
      method: 'POST',
      headers: { Authorization: `Bearer ${A.manager}`, 'Content-Type': 'application/json' },
      body: stream(2 * 1024 * 1024),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await dump(A.teamId)).toBe(before);
  });

  it('a streamed body under the limit is read like any other', async () => {
    const res = await srv.app.request('/v1/labels', {
      method: 'POST',
      headers: { Authorization: `Bearer ${A.manager}`, 'Content-Type': 'application/json' },
      body: stream(1),
      duplex: 'half',
    } as RequestInit);
    // 64 KiB of "x" is over the 50-character name limit: refused by the schema, not the size.
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.issues[0].path).toBe('name');
  });
});
