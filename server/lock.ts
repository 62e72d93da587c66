// PGlite is one process's database: a second process opening the same data folder would
// corrupt it. Whoever opens it (server or admin CLI) holds `<data>/kq.lock` with its pid;
// others refuse with a clear message. A lock left by a dead process is taken over.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirBusyError extends Error {
  constructor(
    readonly pid: number,
    readonly holder: string,
    dir: string,
  ) {
    super(
      `the data folder ${dir} is in use by ${holder} (pid ${pid}). PGlite allows one process at a time: ` +
        "stop it first, or use the running server's API (POST /v1/members with an owner or manager token), " +
        'or run the server on PostgreSQL (DATABASE_URL) where the admin CLI works alongside it.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirBusyError; returns the release function. */
export function lockDataDir(dir: string, holder: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'kq.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, holder, at: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (cur.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let info: { pid: number; holder: string } | undefined;
      try {
        info = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; holder: string };
      } catch {
        // being written right now, or garbage: treat a garbage lock older than 5 s as stale
        const age = Date.now() - fs.statSync(file).mtimeMs;
        if (age < 5_000) throw new DataDirBusyError(0, 'another process', dir);
      }
      if (info && info.pid !== process.pid && alive(info.pid))
        throw new DataDirBusyError(info.pid, info.holder, dir);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
