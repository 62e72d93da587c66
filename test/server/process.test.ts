// The real processes: `server:admin` and `server` on the same data, as an operator runs
// them; and a push interrupted by killing the server is retried and applied exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaPack } from '../../content-scripts/meta/pack';
import { packHlc } from '../../core/sync/hlc';
import { ENGINE, openTestDb, PG_URL, type TestDb } from './harness';

const ROOT = path.resolve(__dirname, '../..');
// `node --import tsx` (not the tsx wrapper) so the pid we signal is the server itself.
const NODE_ARGS = ['--import', 'tsx'];
let t: TestDb | undefined;
let dataDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kq-proc-'));
  // On PostgreSQL the processes share this file's fresh database; on PGlite, the data folder.
  if (PG_URL) t = await openTestDb();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, DATABASE_URL: t?.url ?? '', LOG_LEVEL: 'warn' });

function run(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [...NODE_ARGS, path.join(ROOT, script), ...args, '--data', dataDir],
      { env: env(), cwd: ROOT },
    );
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startServer(): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    [...NODE_ARGS, path.join(ROOT, 'server/main.ts'), '--data', dataDir, '--port', '0'],
    {
      env: { ...env(), LOG_LEVEL: 'info' },
      cwd: ROOT,
    },
  );
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const exited = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null ? r() : p.on('exit', () => r())));

let owner: { teamId: string; memberId: string; token: string };

describe(`admin CLI and server processes (${ENGINE})`, () => {
  it('team create and token create print JSON with tokens that work on the server', async () => {
    const team = await run('server/admin.ts', [
      'team',
      'create',
      '--name',
      'Shop Mẹ Bống',
      '--owner',
      'Chị Bống',
    ]);
    expect(team.stderr).toBe('');
    expect(team.code).toBe(0);
    owner = JSON.parse(team.stdout);
    expect(owner).toEqual({
      teamId: expect.any(String),
      memberId: expect.any(String),
      token: expect.stringMatching(/^kq_/),
    });
    const agent = await run('server/admin.ts', [
      'token',
      'create',
      '--team',
      owner.teamId,
      '--role',
      'agent',
      '--name',
      'Bé Na',
    ]);
    expect(agent.code).toBe(0);
    const a = JSON.parse(agent.stdout);
    expect(a).toEqual({ memberId: expect.any(String), token: expect.stringMatching(/^kq_/) });

    const srv = await startServer();
    try {
      const me = await fetch(`${srv.url}/v1/me`, {
        headers: { Authorization: `Bearer ${a.token}` },
      });
      expect(await me.json()).toMatchObject({
        teamName: 'Shop Mẹ Bống',
        name: 'Bé Na',
        role: 'agent',
      });

      // While the server runs: PGlite refuses clearly and leaves the data alone; PostgreSQL just works.
      const during = await run('server/admin.ts', [
        'token',
        'create',
        '--team',
        owner.teamId,
        '--role',
        'manager',
        '--name',
        'Anh Tú',
      ]);
      if (ENGINE === 'pglite') {
        expect(during.code).toBe(2);
        expect(during.stderr).toMatch(/in use by the team server \(pid \d+\)/);
        expect(during.stdout).toBe('');
      } else {
        expect(during.code).toBe(0);
        const m = JSON.parse(during.stdout);
        const r = await fetch(`${srv.url}/v1/me`, {
          headers: { Authorization: `Bearer ${m.token}` },
        });
        expect((await r.json()).role).toBe('manager');
      }
      // The server is unharmed either way.
      expect(
        (await fetch(`${srv.url}/v1/me`, { headers: { Authorization: `Bearer ${owner.token}` } }))
          .status,
      ).toBe(200);
    } finally {
      srv.proc.kill('SIGTERM');
      await exited(srv.proc);
    }
    expect(srv.proc.exitCode).toBe(0);
  });

  it('explains bad usage', async () => {
    const r = await run('server/admin.ts', [
      'token',
      'create',
      '--team',
      'x',
      '--role',
      'boss',
      '--name',
      'N',
    ]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('--role must be manager or agent');
    const nobody = await run('server/admin.ts', [
      'token',
      'create',
      '--team',
      'no-such-team',
      '--role',
      'agent',
      '--name',
      'N',
    ]);
    expect(nobody.stderr).toContain('no team no-such-team');
  });

  it('pack put stores a selector pack the server serves, and refuses bad or stale ones', async () => {
    const file = (name: string, body: unknown) => {
      const f = path.join(dataDir, name);
      fs.writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
      return f;
    };
    const put = (platform: string, f: string) =>
      run('server/admin.ts', [
        'pack',
        'put',
        '--team',
        owner.teamId,
        '--platform',
        platform,
        '--file',
        f,
      ]);
    const good = file('meta.json', { ...metaPack, version: '2026.12.01' });
    const ok = await put('meta', good);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      teamId: owner.teamId,
      platform: 'meta',
      version: '2026.12.01',
      created: true,
    });

    const { headerName: _, ...lacking } = metaPack.anchors;
    for (const [platform, f, says] of [
      ['meta', good, 'not newer than the stored 2026.12.01'],
      [
        'meta',
        file('lacking.json', { ...metaPack, version: '2027.01.01', anchors: lacking }),
        'anchors.headerName',
      ],
      ['zalo', file('wrong.json', { ...metaPack, version: '2027.01.01' }), 'platform'],
      ['meta', file('broken.json', '{"platform":'), 'not valid JSON'],
    ] as const) {
      const r = await put(platform, f);
      expect(r.code, r.stderr).toBe(65);
      expect(r.stderr).toContain(says);
      expect(r.stdout).toBe('');
    }
    const usage = await put('tiktok', good);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('--platform must be meta or zalo');
    const nobody = await run('server/admin.ts', [
      'pack',
      'put',
      '--team',
      'no-such-team',
      '--platform',
      'meta',
      '--file',
      good,
    ]);
    expect(nobody.stderr).toContain('no team no-such-team');

    const srv = await startServer();
    try {
      const get = () =>
        fetch(`${srv.url}/v1/selector-packs/meta`, {
          headers: { Authorization: `Bearer ${owner.token}` },
        }).then((r) => r.json() as Promise<{ pack: { version: string } }>);
      expect((await get()).pack.version).toBe('2026.12.01');
      // While the server runs: PGlite refuses and leaves the data alone; PostgreSQL just works.
      const during = await put('meta', file('newer.json', { ...metaPack, version: '2026.12.02' }));
      if (ENGINE === 'pglite') {
        expect(during.code).toBe(2);
        expect(during.stderr).toMatch(/in use by the team server \(pid \d+\)/);
        expect((await get()).pack.version).toBe('2026.12.01');
      } else {
        expect(during.code).toBe(0);
        expect((await get()).pack.version).toBe('2026.12.02');
      }
    } finally {
      srv.proc.kill('SIGTERM');
      await exited(srv.proc);
    }
  }, 120_000); // a dozen process starts on a shared machine

  it('a push interrupted by killing the server is retried after restart and applied exactly once', async () => {
    const now = Date.now();
    const mutations = Array.from({ length: 500 }, (_, i) => ({
      id: `kill-${i}`,
      hlc: packHlc({ ms: now, counter: i, node: 'phone' }),
      kind: 'touchpoint.record',
      data: {
        id: 'ident:2026-11-23',
        customerId: 'cust',
        identityId: 'ident',
        platform: 'zalo',
        day: '2026-11-23',
        at: now + i,
      },
    }));
    const body = JSON.stringify({ mutations });
    const headers = { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' };

    let srv = await startServer();
    const attempt = fetch(`${srv.url}/v1/sync/push`, { method: 'POST', headers, body }).then(
      (r) => r.status,
      () => 'lost' as const,
    );
    await new Promise((r) => setTimeout(r, 40));
    srv.proc.kill('SIGKILL');
    await exited(srv.proc);
    const firstOutcome = await attempt;
    expect(['lost', 200]).toContain(firstOutcome);

    // The client never saw an answer it can trust: it retries the same batch after restart.
    srv = await startServer();
    try {
      const retry = await fetch(`${srv.url}/v1/sync/push`, { method: 'POST', headers, body });
      expect(retry.status).toBe(200);
      const results = ((await retry.json()) as { results: { status: string }[] }).results;
      const statuses = new Set(results.map((r) => r.status));
      // All-or-nothing: either the first attempt committed (all duplicates) or it did not (all applied).
      expect(statuses.size).toBe(1);
      expect(['applied', 'duplicate']).toContain([...statuses][0]);

      const pulled = await fetch(`${srv.url}/v1/sync/pull`, { headers });
      const rows = ((await pulled.json()) as { rows: { t: string; f: { count: number } }[] }).rows;
      expect(rows.find((r) => r.t === 'touchpoints')?.f.count).toBe(500);
      const feed = await fetch(`${srv.url}/v1/sync/pull?since=0&limit=5000`, { headers });
      const changes = ((await feed.json()) as { changes: { mutationId: string }[] }).changes;
      expect(changes.filter((c) => c.mutationId.startsWith('kill-'))).toHaveLength(500);
    } finally {
      srv.proc.kill('SIGTERM');
      await exited(srv.proc);
    }
  });
});
