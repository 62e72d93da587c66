// Command-line flags and environment shared by the server and the admin CLI.
import { parseArgs } from 'node:util';

export interface ServerConfig {
  databaseUrl?: string;
  /** A read replica for lookups and stats (PostgreSQL only). */
  databaseReadUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  corsOrigins: string[];
  bodyLimitBytes: number;
  rateLimit: { perSecond: number; burst: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

function num(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${name} must be a non-negative number, got "${v}"`);
  return n;
}

/** Largest accepted request body; the admin CLI applies it to pack files too. */
export function bodyLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  return num(env.BODY_LIMIT_BYTES, 1024 * 1024, 'BODY_LIMIT_BYTES');
}

export function serverConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    },
    strict: true,
  });
  const level = env.LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(level))
    throw new Error(`LOG_LEVEL must be debug|info|warn|error`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dataDir: values.data ?? env.KQ_DATA ?? './.data/server',
    port: num(values.port ?? env.PORT, 8787, 'PORT'),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    bodyLimitBytes: bodyLimitBytes(env),
    rateLimit: {
      perSecond: num(env.RATE_LIMIT_RPS, 20, 'RATE_LIMIT_RPS'),
      burst: num(env.RATE_LIMIT_BURST, 200, 'RATE_LIMIT_BURST'),
    },
    logLevel: level as ServerConfig['logLevel'],
  };
}
