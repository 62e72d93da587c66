// Structured JSON-lines logs. Request logs carry the route pattern (never the URL, whose
// query may hold a phone number), status, timing, team and member ids: no customer data.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLogger(
  minLevel: Level = 'info',
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  return (level, msg, fields) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
}

export const silentLogger: Logger = () => {};
