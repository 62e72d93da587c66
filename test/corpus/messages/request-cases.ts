// Malformed requests to the background's handlers that take input (schemas in
// core/protocol.ts, core/background-requests.ts, core/customer-actions.ts). Each names the
// handler, the input, and the error the answer must carry: the field named, nothing written.

export type RequestHandler =
  | 'assignLabel'
  | 'editLabel'
  | 'getStats'
  | 'insertReply'
  | 'mergeCustomers'
  | 'getTimeline';

export interface RequestCase {
  handler: RequestHandler;
  name: string;
  input: unknown;
  error: RegExp;
}

const huge = 'x'.repeat(1_000_000);

export const REQUEST_CASES: RequestCase[] = [
  {
    handler: 'assignLabel',
    name: 'no input',
    input: undefined,
    error: /^bad label assignment: \(root\): expected object/,
  },
  {
    handler: 'assignLabel',
    name: 'a numeric customer id',
    input: { customerId: 42, labelId: 'l1' },
    error: /customerId: expected string/,
  },
  {
    handler: 'assignLabel',
    name: 'an id with spaces and quotes',
    input: { customerId: "a' OR 1=1 --", labelId: 'l1' },
    error: /customerId: expected an id/,
  },
  {
    handler: 'assignLabel',
    name: 'a megabyte id',
    input: { customerId: huge, labelId: 'l1' },
    error: /customerId: expected an id/,
  },
  {
    handler: 'assignLabel',
    name: 'labelId missing',
    input: { customerId: 'c1' },
    error: /labelId: expected string/,
  },
  {
    handler: 'editLabel',
    name: 'an unknown action',
    input: { action: 'drop', id: 'l1' },
    error: /^bad label edit: action/,
  },
  {
    handler: 'editLabel',
    name: 'a blank name',
    input: { action: 'create', name: '   ', color: '#112233' },
    error: /name: too small/,
  },
  {
    handler: 'editLabel',
    name: 'a 51-character name',
    input: { action: 'create', name: 'n'.repeat(51), color: '#112233' },
    error: /name: too big \(at most 50\)/,
  },
  {
    handler: 'editLabel',
    name: 'a CSS injection for a colour',
    input: { action: 'recolor', id: 'l1', color: 'red;background:url(//x)' },
    error: /color: expected a colour/,
  },
  {
    handler: 'editLabel',
    name: 'reorder with nothing',
    input: { action: 'reorder', ids: [] },
    error: /ids: too small/,
  },
  {
    handler: 'editLabel',
    name: 'reorder with 501 ids',
    input: { action: 'reorder', ids: Array.from({ length: 501 }, (_, i) => `l${i}`) },
    error: /ids: too big \(at most 500\)/,
  },
  {
    handler: 'getStats',
    name: 'a period as numbers',
    input: { from: 20261101, to: 20261122 },
    error: /^bad stats request: from: expected string/,
  },
  {
    handler: 'getStats',
    name: 'a day in another format',
    input: { from: '01/11/2026', to: '2026-11-22' },
    error: /from: expected a day YYYY-MM-DD/,
  },
  {
    handler: 'getStats',
    name: 'an extra key',
    input: { from: '2026-11-01', to: '2026-11-22', all: true },
    error: /unknown keys all/,
  },
  {
    handler: 'getStats',
    name: 'a period ending before it starts',
    input: { from: '2026-11-22', to: '2026-11-01' },
    error: /^bad stats request: /,
  },
  {
    handler: 'insertReply',
    name: 'an empty text',
    input: { text: '' },
    error: /^bad insertReply: text: expected 1 to 5000 characters$/,
  },
  {
    handler: 'insertReply',
    name: 'a 5,001-character text',
    input: { text: 't'.repeat(5001) },
    error: /^bad insertReply: text: expected 1 to 5000 characters$/,
  },
  {
    handler: 'insertReply',
    name: 'html instead of text',
    input: { html: '<img src=x onerror=alert(1)>' },
    error: /^bad insertReply: text: expected a string$/,
  },
  {
    handler: 'mergeCustomers',
    name: 'merging into nobody',
    input: { sourceId: 'c1' },
    error: /^mergeCustomers: bad request: targetId: expected string/,
  },
  {
    handler: 'mergeCustomers',
    name: 'ids as objects',
    input: { targetId: { $ne: null }, sourceId: 'c1' },
    error: /targetId: expected string/,
  },
  {
    handler: 'getTimeline',
    name: 'a limit of a million',
    input: { customerId: 'c1', limit: 1_000_000 },
    error: /limit: too big/,
  },
  {
    handler: 'getTimeline',
    name: 'a negative limit',
    input: { customerId: 'c1', limit: -1 },
    error: /limit: too small/,
  },
  {
    handler: 'getTimeline',
    name: 'a megabyte cursor',
    input: { customerId: 'c1', cursor: huge },
    error: /cursor: too big \(at most 500\)/,
  },
];
