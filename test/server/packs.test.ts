// Selector packs served by the team server: members read the newest, owners and managers
// publish newer ones, versions only move forward, every team has its own, and polling with
// If-None-Match is a 304.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaPack } from '../../content-scripts/meta/pack';
import { zaloPack } from '../../content-scripts/zalo/pack';
import type { SelectorPack } from '../../core/selector-pack';
import { MIGRATIONS, migrate } from '../../server/db/migrations';
import { isPlausibleCss } from '../../server/packs';
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
let A: Team;
let B: Team;

beforeAll(async () => {
  t = await openTestDb();
  srv = await instance(t.db, { rateLimit: { perSecond: 1000, burst: 10_000 } });
  A = await makeTeam(t.db, 'Shop A');
  B = await makeTeam(t.db, 'Shop B');
});
afterAll(async () => {
  await srv?.stop();
  await t?.close();
});

const as = (token: string) => client(srv.app, token);
const META = '/v1/selector-packs/meta';
const ZALO = '/v1/selector-packs/zalo';
const withVersion = (pack: SelectorPack, version: string): SelectorPack => ({ ...pack, version });
function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe(`selector packs (${ENGINE})`, () => {
  it('none stored: 200 {pack: null}; a manager publishes, every member reads the newest', async () => {
    const none = await as(A.agent).get(META);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ pack: null });
    expect(none.headers.get('ETag')).toMatch(/^"[\w-]+"$/);

    const v1 = withVersion(metaPack, '2026.12.01');
    const put = await as(A.manager).put(META, v1);
    expect(put.status).toBe(201);
    expect(put.body).toEqual({ pack: v1 });

    for (const token of [A.owner, A.manager, A.agent, A.agent2]) {
      const got = await as(token).get(META);
      expect(got.status).toBe(200);
      expect(got.body).toEqual({ pack: v1 });
      expect(got.headers.get('ETag')).toBe(put.headers.get('ETag'));
      expect(got.headers.get('Cache-Control')).toBe('private, no-cache');
    }

    const v2 = withVersion(metaPack, '2026.12.01-2');
    const newer = await as(A.owner).put(META, v2);
    expect(newer.status).toBe(200);
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.01-2');
    // The other platform is separate.
    expect((await as(A.agent).get(ZALO)).body).toEqual({ pack: null });
    expect((await as(A.manager).put(ZALO, withVersion(zaloPack, '2026.01.01'))).status).toBe(201);
    expect((await as(A.agent).get(ZALO)).body.pack.platform).toBe('zalo');
  });

  it('agents cannot publish (403); nobody without a valid token gets in (401)', async () => {
    expectError(await as(A.agent).put(META, withVersion(metaPack, '2027.01.01')), 403, 'forbidden');
    for (const c of [client(srv.app), client(srv.app, `kq_${'A'.repeat(43)}`)]) {
      expectError(await c.get(META), 401, 'unauthorized');
      expectError(await c.put(META, withVersion(metaPack, '2027.01.01')), 401, 'unauthorized');
    }
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.01-2');
  });

  it('a version that is not newer than the stored one is a conflict (409)', async () => {
    for (const version of ['2026.12.01-2', '2026.12.01', '2026.11.30', '2026.12.01-1']) {
      const r = await as(A.manager).put(META, withVersion(metaPack, version));
      expectError(r, 409, 'conflict');
      expect(r.body.error.details).toEqual({ field: 'version', storedVersion: '2026.12.01-2' });
    }
    // Build numbers compare as numbers, not text.
    expect((await as(A.manager).put(META, withVersion(metaPack, '2026.12.01-10'))).status).toBe(
      200,
    );
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.01-10');
  });

  it('two uploads of the same version at once: one wins, the other is a conflict', async () => {
    const pack = withVersion(metaPack, '2026.12.02');
    const rs = await Promise.all([as(A.owner).put(META, pack), as(A.manager).put(META, pack)]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('teams never see or overwrite each other’s packs', async () => {
    expect((await as(B.owner).get(META)).body).toEqual({ pack: null });
    // B may publish an older version than A's: versions are per team.
    const b = withVersion(metaPack, '2026.01.01');
    expect((await as(B.manager).put(META, b)).status).toBe(201);
    expect((await as(B.agent).get(META)).body).toEqual({ pack: b });
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.02');
    // A's newer version does not make B's upload a conflict, nor the other way round.
    expect((await as(B.owner).put(META, withVersion(metaPack, '2026.01.02'))).status).toBe(200);
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.02');
    // The same pack in two teams has two different ETags.
    expect((await as(B.manager).put(ZALO, withVersion(zaloPack, '2026.01.01'))).status).toBe(201);
    const [ea, eb] = await Promise.all([as(A.agent).get(ZALO), as(B.agent).get(ZALO)]);
    expect(ea.body).toEqual(eb.body);
    expect(ea.headers.get('ETag')).not.toBe(eb.headers.get('ETag'));
    const rows = await t.db.query<{ team_id: string; version: string }>(
      `SELECT team_id, version FROM selector_packs WHERE platform = 'meta' ORDER BY version`,
    );
    expect(rows).toEqual([
      { team_id: B.teamId, version: '2026.01.02' },
      { team_id: A.teamId, version: '2026.12.02' },
    ]);
  });

  it('If-None-Match with the current ETag is a 304 without a body', async () => {
    const first = await as(A.agent).get(META);
    const etag = first.headers.get('ETag') as string;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const r = await as(A.agent).get(META, { 'If-None-Match': inm });
      expect(r.status).toBe(304);
      expect(r.body).toBeUndefined();
      expect(r.headers.get('ETag')).toBe(etag);
    }
    expect((await as(A.agent).get(META, { 'If-None-Match': '"stale"' })).status).toBe(200);
    // A new pack changes the ETag: the old one gets the new pack.
    const put = await as(A.manager).put(META, withVersion(metaPack, '2026.12.03'));
    const after = await as(A.agent).get(META, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.body.pack.version).toBe('2026.12.03');
    expect(after.headers.get('ETag')).toBe(put.headers.get('ETag'));
    // Another team's ETag for the same URL never matches.
    expect((await as(B.agent).get(META, { 'If-None-Match': etag })).status).toBe(200);
    // Unchanged "no pack" is cheap too, and not the same ETag as another team's "no pack".
    const C = await makeTeam(t.db, 'Shop C');
    const D = await makeTeam(t.db, 'Shop D');
    const none = await as(C.agent).get(ZALO);
    expect(none.body).toEqual({ pack: null });
    const inm = { 'If-None-Match': none.headers.get('ETag') as string };
    expect((await as(C.agent).get(ZALO, inm)).status).toBe(304);
    expect((await as(D.agent).get(ZALO, inm)).status).toBe(200);
  });

  it('unknown platforms are 404', async () => {
    expectError(await as(A.agent).get('/v1/selector-packs/tiktok'), 404, 'not_found');
    expectError(
      await as(A.owner).put('/v1/selector-packs/tiktok', withVersion(metaPack, '2027.01.01')),
      404,
      'not_found',
    );
  });

  it('400 names the field of a malformed pack, and nothing is stored', async () => {
    const mgr = as(A.manager);
    const v = (extra: Partial<SelectorPack> | Record<string, unknown>) => ({
      ...withVersion(metaPack, '2027.01.01'),
      ...extra,
    });
    const { headerName: _, ...lacking } = metaPack.anchors;
    const cases: [unknown, string][] = [
      [v({ version: 'latest' }), 'version'],
      [v({ platform: 'zalo' }), 'platform'],
      [v({ anchors: lacking }), 'anchors.headerName'],
      [
        v({ anchors: { ...metaPack.anchors, headerName: [{ css: 'div[[', serves: 'x' }] } }),
        'anchors.headerName.0.css',
      ],
      [
        v({ anchors: { ...metaPack.anchors, composer: [{ css: 7, serves: 'x' }] } }),
        'anchors.composer.0.css',
      ],
      [
        v({
          anchors: {
            ...metaPack.anchors,
            message: [
              { css: '.ok', serves: 'x' },
              { css: 'a { color: red }', serves: 'x' },
            ],
          },
        }),
        'anchors.message.1.css',
      ],
      [v({ strings: { automated: ['x'] } }), 'strings.sentBy'],
      [v({ anchors: { ...metaPack.anchors, inboxRoot: [] } }), 'anchors.inboxRoot'],
      [null, '(root)'],
    ];
    for (const [body, path] of cases) {
      const r = await mgr.put(META, body === null ? 'null' : body);
      expectError(r, 400, 'bad_request');
      expect(r.body.error.details.issues[0].path).toBe(path);
      expect(r.body.error.message).toContain(path);
    }
    expectError(await mgr.put(META, '{"platform": '), 400, 'bad_request');
    expectError(await mgr.put(META), 400, 'bad_request');
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.03');
  });

  it('413 for a pack over the body limit', async () => {
    const small = await instance(t.db, { bodyLimitBytes: 2_000 });
    try {
      const r = await client(small.app, A.manager).put(META, withVersion(metaPack, '2027.02.01'));
      expectError(r, 413, 'payload_too_large');
    } finally {
      await small.stop();
    }
    expect((await as(A.agent).get(META)).body.pack.version).toBe('2026.12.03');
  });

  it('CORS lets the extension send PUT and If-None-Match and read the ETag', async () => {
    const origin = 'chrome-extension://abcdefghijklmnop';
    const pre = await srv.app.request(META, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('Access-Control-Allow-Methods')).toContain('PUT');
    expect(pre.headers.get('Access-Control-Allow-Headers')).toContain('If-None-Match');
    const r = await as(A.agent).get(META, { Origin: origin });
    expect(r.headers.get('Access-Control-Allow-Origin')).toBe(origin);
    expect(r.headers.get('Access-Control-Expose-Headers')).toContain('ETag');
  });
});

describe('server-side selector check', () => {
  it('accepts every selector of the bundled packs', () => {
    for (const pack of [metaPack, zaloPack])
      for (const list of Object.values(pack.anchors))
        for (const s of list) expect(isPlausibleCss(s.css), s.css).toBe(true);
    for (const ok of [
      'a, b',
      '[data-x="a,b{c}"]',
      ':is(a, b) > c',
      'div:has(> span)',
      "[aria-label='Sent by ']",
      'a\\{b',
      '*|* ~ p',
    ])
      expect(isPlausibleCss(ok), ok).toBe(true);
  });

  it('refuses what no browser parses', () => {
    for (const bad of [
      '',
      '   ',
      'div[[',
      'a)',
      '[x="open]',
      'a { color: red }',
      'a; b',
      'a,',
      ', a',
      'a,,b',
      '> a',
      'a >',
      'a ~',
      '[]',
      'a\\',
      '<script>',
      'a\u0000b',
      '@media',
    ])
      expect(isPlausibleCss(bad), bad).toBe(false);
  });
});

describe('migration 3', () => {
  it('upgrades a database at version 2 and is a no-op the second time', async () => {
    const fresh = await openTestDb();
    const db = fresh.db;
    try {
      // Back to the state a version-2 server left behind.
      await db.exec(
        'DROP TABLE selector_packs; DROP TABLE care; DELETE FROM schema_migrations WHERE version >= 3',
      );
      expect(await migrate(db)).toEqual([3, 4]);
      expect(await migrate(db)).toEqual([]);
      const cols = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_name = 'selector_packs' ORDER BY ordinal_position`,
      );
      expect(cols.map((c) => c.column_name)).toEqual([
        'team_id',
        'platform',
        'version',
        'pack',
        'updated_at',
        'updated_by',
      ]);
      expect(MIGRATIONS.find((m) => m.version === 3)?.name).toBe('selector packs');
    } finally {
      await fresh.close();
    }
  });
});
