// Structured JSON-lines logs. Request logs carry the route pattern (never the URL, whose
// query may hold a phone number), status, timing, team and member ids: no customer data.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Stdout, one write per event-loop turn: a request log line each is otherwise one write
 * syscall per request (stdout to a file or pipe is synchronous on Linux). What is buffered
 * goes out on exit too; only a SIGKILL can lose the current turn's lines.
 */
export function batchedStdout(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const out = pending.join('');
    pending = [];
    process.stdout.write(out);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

export function jsonLogger(
  minLevel: Level = 'info',
  write: (line: string) => void = batchedStdout(),
): Logger {
  return (level, msg, fields) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
}

export const silentLogger: Logger = () => {};
