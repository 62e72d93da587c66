// The team server as a real process (`node --import tsx server/main.ts`), on a PGlite data
// folder or a PostgreSQL database, that the stress test SIGKILLs and starts again on the
// same data. Each start may take another port; the stress network routes to the current one.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

export interface ServerProc {
  url: string;
  proc: ChildProcess;
}

export const exited = (p: ChildProcess) =>
  new Promise<void>((r) =>
    p.exitCode !== null || p.signalCode !== null ? r() : p.on('exit', () => r()),
  );

/** Starts the server and resolves once it logs that it listens. */
export function startServerProc(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<ServerProc> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'server/main.ts'), '--data', dataDir, '--port', '0'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl ?? '',
        LOG_LEVEL: 'info',
        // Five agents retrying after every fault: the rate limiter is not what is tested.
        RATE_LIMIT_RPS: '100000',
        RATE_LIMIT_BURST: '100000',
      },
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr?.on('data', (d) => (err += d));
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}
