// `npm run server:admin -- <command>` — bootstrap teams and tokens. Same --data /
// DATABASE_URL as the server. Prints JSON on stdout; tokens are shown once.
//
//   team create --name "<shop>" --owner "<name>"        → {"teamId","memberId","token"}
//   token create --team <teamId> --role manager|agent --name "<name>"  → {"memberId","token"}
//   pack put --team <teamId> --platform meta|zalo --file <pack.json>
//                                                       → {"teamId","platform","version","created"}
//
// Exit codes: 0 done, 2 the PGlite data folder is in use, 64 bad usage, 65 the pack was
// refused (invalid, or its version is not newer than the stored one), 1 anything else.
//
// On PGlite the data folder belongs to one process: while the server runs on it, this
// refuses (exit 2) instead of touching it. On PostgreSQL it works alongside the server.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createMember, createTeam } from './auth';
import { bodyLimitBytes } from './config';
import { ApiError } from './errors';
import { DataDirBusyError } from './lock';
import { isPackPlatform, storePack, validatePack } from './packs';
import { openDatabase } from './runtime';

const USAGE = `usage:
  server:admin -- team create --name "<shop>" --owner "<name>" [--data <dir>]
  server:admin -- token create --team <teamId> --role manager|agent --name "<name>" [--data <dir>]
  server:admin -- pack put --team <teamId> --platform meta|zalo --file <pack.json> [--data <dir>]
(DATABASE_URL selects PostgreSQL; otherwise PGlite in --data, default ./.data/server)`;

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      name: { type: 'string' },
      owner: { type: 'string' },
      team: { type: 'string' },
      role: { type: 'string' },
      platform: { type: 'string' },
      file: { type: 'string' },
    },
  });
  const cmd = positionals.join(' ');
  const text = (v: string | undefined, flag: string, max = 100) => {
    const s = v?.trim();
    if (!s) throw new UsageError(`missing --${flag}`);
    if (s.length > max) throw new UsageError(`--${flag} is longer than ${max} characters`);
    return s;
  };
  let run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<unknown>;
  const teamExists = async (db: Parameters<typeof run>[0], team: string) => {
    const rows = await db.query('SELECT 1 FROM teams WHERE id = $1', [team]);
    if (rows.length === 0) throw new UsageError(`no team ${team}`);
  };
  if (cmd === 'team create') {
    const name = text(values.name, 'name');
    const owner = text(values.owner, 'owner');
    run = (db) => createTeam(db, name, owner);
  } else if (cmd === 'token create') {
    const team = text(values.team, 'team', 200);
    const name = text(values.name, 'name');
    const role = values.role;
    if (role !== 'manager' && role !== 'agent')
      throw new UsageError('--role must be manager or agent');
    run = async (db) => {
      await teamExists(db, team);
      return db.tx((q) => createMember(q, team, name, role));
    };
  } else if (cmd === 'pack put') {
    const team = text(values.team, 'team', 200);
    const platform = values.platform ?? '';
    if (!isPackPlatform(platform)) throw new UsageError('--platform must be meta or zalo');
    const pack = validatePack(readPackFile(text(values.file, 'file', 4096)), platform);
    run = async (db) => {
      await teamExists(db, team);
      const { created } = await storePack(db, team, pack, 'cli');
      return { teamId: team, platform, version: pack.version, created };
    };
  } else {
    throw new UsageError(cmd ? `unknown command "${cmd}"` : 'missing command');
  }
  const opened = await openDatabase(
    {
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: values.data ?? process.env.KQ_DATA ?? './.data/server',
    },
    'the admin CLI',
  );
  try {
    process.stdout.write(`${JSON.stringify(await run(opened.db))}\n`);
  } finally {
    await opened.close();
  }
}

/** The pack file, under the same size limit as a request body; checked before the data is opened. */
function readPackFile(file: string): unknown {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new UsageError(`cannot read --file ${file}`);
  }
  const limit = bodyLimitBytes();
  if (size > limit)
    throw new ApiError('payload_too_large', `${file} is larger than ${limit} bytes`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new ApiError('bad_request', `${file} is not valid JSON`);
  }
}

main().catch((e: unknown) => {
  if (e instanceof DataDirBusyError) {
    process.stderr.write(`server:admin: refused: ${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof ApiError) {
    process.stderr.write(`server:admin: pack refused: ${e.message}\n`);
    process.exit(65);
  }
  if (
    e instanceof UsageError ||
    (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`server:admin: ${e.message}\n${USAGE}\n`);
    process.exit(64);
  }
  process.stderr.write(`server:admin: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
