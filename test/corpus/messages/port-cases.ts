// What a tab could put on the snapshot port (utils/resolve-port.ts): malformed, wrong-typed,
// oversized. Each case says what `servePort` must do: answer with an error matching
// `err` (the handler never sees it), stay silent (`ignored`: no id to answer to), or pass
// the snapshot on (`handled`), validated and stripped of unknown keys.

/** A snapshot the background accepts. */
export const goodSnapshot = () => ({
  platform: 'zalo',
  accountId: 'zalo-web',
  externalId: '7412638450192837465',
  idSource: 'anim-data-id',
  idConfidence: 'strong',
  displayName: 'Chị Lan Phương',
  isGroup: false,
  messages: [{ direction: 'in', text: 'Còn size M không shop?', at: 1794580800722 }],
  health: { verdict: 'ok' },
  capturedAt: 1794580900000,
});

const withSnapshot = (change: (s: Record<string, unknown>) => void) => {
  const s: Record<string, unknown> = goodSnapshot();
  change(s);
  return { id: 1, snapshot: s };
};
const messages = (count: number, text: string) =>
  Array.from({ length: count }, () => ({ direction: 'in', text }));

export interface PortCase {
  name: string;
  message: unknown;
  expect: { err: RegExp } | { ignored: true } | { handled: true };
}

export const PORT_CASES: PortCase[] = [
  // Not a request at all: there is no id to answer, so nothing is said.
  { name: 'a bare string', message: 'hello', expect: { ignored: true } },
  { name: 'null', message: null, expect: { ignored: true } },
  { name: 'an array', message: [1, goodSnapshot()], expect: { ignored: true } },
  { name: 'no id', message: { snapshot: goodSnapshot() }, expect: { ignored: true } },
  {
    name: 'a string id',
    message: { id: '1', snapshot: goodSnapshot() },
    expect: { ignored: true },
  },
  {
    name: 'a NaN id',
    message: { id: Number.NaN, snapshot: goodSnapshot() },
    expect: { ignored: true },
  },
  {
    name: 'an Infinity id',
    message: { id: Infinity, snapshot: goodSnapshot() },
    expect: { ignored: true },
  },
  {
    name: 'a fractional id',
    message: { id: 1.5, snapshot: goodSnapshot() },
    expect: { ignored: true },
  },

  // Malformed snapshots: refused with the field named.
  {
    name: 'no snapshot',
    message: { id: 1 },
    expect: { err: /^bad snapshot: \(root\): expected object/ },
  },
  {
    name: 'a string snapshot',
    message: { id: 1, snapshot: '{}' },
    expect: { err: /^bad snapshot: \(root\): expected object/ },
  },
  {
    name: 'an empty snapshot',
    message: { id: 1, snapshot: {} },
    expect: { err: /^bad snapshot: platform: expected one of/ },
  },
  {
    name: 'an unknown platform',
    message: withSnapshot((s) => {
      s.platform = 'tiktok';
    }),
    expect: { err: /platform: expected one of "messenger", "instagram", "zalo"/ },
  },
  {
    name: 'a numeric externalId',
    message: withSnapshot((s) => {
      s.externalId = 7412638450;
    }),
    expect: { err: /externalId: expected string/ },
  },
  {
    name: 'an empty externalId',
    message: withSnapshot((s) => {
      s.externalId = '';
    }),
    expect: { err: /externalId: too small/ },
  },
  {
    name: 'a 10,000-character externalId',
    message: withSnapshot((s) => {
      s.externalId = '9'.repeat(10_000);
    }),
    expect: { err: /externalId: too big \(at most 200\)/ },
  },
  {
    name: 'an unknown confidence',
    message: withSnapshot((s) => {
      s.idConfidence = 'certain';
    }),
    expect: { err: /idConfidence: expected one of "strong", "weak"/ },
  },
  {
    name: 'a 301-character name',
    message: withSnapshot((s) => {
      s.displayName = 'A'.repeat(301);
    }),
    expect: { err: /displayName: too big \(at most 300\)/ },
  },
  {
    name: 'isGroup as a string',
    message: withSnapshot((s) => {
      s.isGroup = 'false';
    }),
    expect: { err: /isGroup: expected boolean/ },
  },
  {
    name: 'messages as a string',
    message: withSnapshot((s) => {
      s.messages = 'lots';
    }),
    expect: { err: /messages: expected array/ },
  },
  {
    name: 'a message with a numeric text',
    message: withSnapshot((s) => {
      s.messages = [{ direction: 'in', text: 12345 }];
    }),
    expect: { err: /messages\.0\.text: expected string/ },
  },
  {
    name: 'a message going sideways',
    message: withSnapshot((s) => {
      s.messages = [{ direction: 'sideways', text: 'hi' }];
    }),
    expect: { err: /messages\.0\.direction: expected one of/ },
  },
  {
    name: 'a NaN timestamp',
    message: withSnapshot((s) => {
      s.messages = [{ direction: 'in', text: 'hi', at: Number.NaN }];
    }),
    expect: { err: /messages\.0\.at: expected number/ },
  },
  {
    name: 'a fractional timestamp',
    message: withSnapshot((s) => {
      s.messages = [{ direction: 'in', text: 'hi', at: 1.5 }];
    }),
    expect: { err: /messages\.0\.at/ },
  },
  {
    name: 'a negative capturedAt',
    message: withSnapshot((s) => {
      s.capturedAt = -1;
    }),
    expect: { err: /capturedAt: too small/ },
  },
  {
    name: 'capturedAt as a date string',
    message: withSnapshot((s) => {
      s.capturedAt = '2026-11-22';
    }),
    expect: { err: /capturedAt: expected number/ },
  },
  {
    name: 'a degraded verdict naming nothing',
    message: withSnapshot((s) => {
      s.health = { verdict: 'degraded', missing: [], lost: 'x' };
    }),
    expect: { err: /health\.missing: too small/ },
  },
  {
    name: 'an unknown verdict',
    message: withSnapshot((s) => {
      s.health = { verdict: 'maybe' };
    }),
    expect: { err: /health/ },
  },
  {
    name: 'a 20,001-character message',
    message: withSnapshot((s) => {
      s.messages = messages(1, 'x'.repeat(20_001));
    }),
    expect: { err: /messages\.0\.text: too big \(at most 20000\)/ },
  },

  // Oversized: refused by size, before any field is looked at.
  {
    name: '5 MB of text in one message',
    message: withSnapshot((s) => {
      s.messages = messages(1, 'x'.repeat(5_000_000));
    }),
    expect: { err: /^snapshot too large: 5000000 characters of text \(at most 1000000\)$/ },
  },
  {
    name: '100,000 messages',
    message: withSnapshot((s) => {
      s.messages = messages(100_000, 'hi');
    }),
    expect: { err: /^snapshot too large: 100000 messages \(at most 2000\)$/ },
  },
  {
    name: '2,001 messages',
    message: withSnapshot((s) => {
      s.messages = messages(2001, 'hi');
    }),
    expect: { err: /^snapshot too large: 2001 messages/ },
  },
  {
    name: '60 messages of 20,000 characters',
    message: withSnapshot((s) => {
      s.messages = messages(60, 'x'.repeat(20_000));
    }),
    expect: { err: /^snapshot too large: 1200000 characters/ },
  },

  // Accepted, with what the handler must not see dropped.
  {
    name: 'a good snapshot',
    message: { id: 1, snapshot: goodSnapshot() },
    expect: { handled: true },
  },
  {
    name: 'a good snapshot with 5 MB under an unknown key',
    message: withSnapshot((s) => {
      s.junk = 'x'.repeat(5_000_000);
    }),
    expect: { handled: true },
  },
  {
    name: 'a good snapshot with a constructor key',
    message: withSnapshot((s) => {
      Object.defineProperty(s, 'constructor', {
        value: { prototype: { polluted: true } },
        enumerable: true,
      });
    }),
    expect: { handled: true },
  },
  {
    name: '500 messages of 2,000 characters (the adapters’ worst ordinary case)',
    message: withSnapshot((s) => {
      s.messages = messages(500, 'x'.repeat(2000));
    }),
    expect: { handled: true },
  },
];
