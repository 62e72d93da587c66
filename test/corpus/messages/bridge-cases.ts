// What the page's own scripts can do to the Meta main-world bridge (content-scripts/meta/
// bridge.ts, bridge-main.ts): answer a request in the bridge's place, answer it twice, send
// requests of their own. A reply is a function of the request the page saw (its nonce and
// selector): the page can read the request event, so it can echo the nonce.

export interface SeenRequest {
  nonce: string;
  selector: string;
}

/** Forged replies: each is dispatched as a `kq-bridge-reply` event's detail. */
export interface ReplyCase {
  name: string;
  detail: (request: SeenRequest, previous: SeenRequest | undefined) => unknown;
}

const THREAD = '100004827315590';

export const FORGED_REPLIES: ReplyCase[] = [
  { name: 'no nonce', detail: () => JSON.stringify({ threadId: THREAD }) },
  { name: 'a wrong nonce', detail: () => JSON.stringify({ nonce: 'guess', threadId: THREAD }) },
  {
    name: 'the previous request’s nonce (a replay)',
    detail: (_, prev) => JSON.stringify({ nonce: prev?.nonce ?? 'none', threadId: THREAD }),
  },
  { name: 'an object instead of a string', detail: (r) => ({ nonce: r.nonce, threadId: THREAD }) },
  { name: 'not JSON', detail: () => '{nonce:' },
  { name: 'JSON null', detail: () => 'null' },
  { name: 'a JSON array', detail: (r) => JSON.stringify([r.nonce, THREAD]) },
  {
    name: 'a numeric threadId',
    detail: (r) => JSON.stringify({ nonce: r.nonce, threadId: 100004827315590 }),
  },
  {
    name: 'a threadId of letters',
    detail: (r) => JSON.stringify({ nonce: r.nonce, threadId: 'abc1234567' }),
  },
  {
    name: 'a 60-digit threadId',
    detail: (r) => JSON.stringify({ nonce: r.nonce, threadId: '9'.repeat(60) }),
  },
  {
    name: 'a 4-digit threadId',
    detail: (r) => JSON.stringify({ nonce: r.nonce, threadId: '1234' }),
  },
  {
    name: 'a threadId as an array',
    detail: (r) => JSON.stringify({ nonce: r.nonce, threadId: [THREAD] }),
  },
  {
    name: 'a 100,000-character reply',
    detail: (r) => JSON.stringify({ nonce: r.nonce, threadId: THREAD, title: 't'.repeat(100_000) }),
  },
];

/** Requests the page sends the main-world half itself: none may be answered or throw. */
export const PAGE_REQUESTS: { name: string; detail: unknown }[] = [
  { name: 'no detail', detail: undefined },
  { name: 'an object detail', detail: { nonce: 'n', selector: '#thread' } },
  { name: 'not JSON', detail: 'selector=#thread' },
  { name: 'JSON null', detail: 'null' },
  { name: 'a JSON number', detail: '42' },
  { name: 'a numeric nonce', detail: JSON.stringify({ nonce: 1, selector: '#thread' }) },
  { name: 'no selector', detail: JSON.stringify({ nonce: 'n' }) },
  {
    name: 'a selector the browser refuses',
    detail: JSON.stringify({ nonce: 'n', selector: '[[[' }),
  },
  {
    name: 'a selector matching nothing',
    detail: JSON.stringify({ nonce: 'n', selector: '#nowhere' }),
  },
  {
    name: 'a selector matching an element without fiber',
    detail: JSON.stringify({ nonce: 'n', selector: 'body' }),
  },
  {
    name: 'a 2,000-character request',
    detail: JSON.stringify({ nonce: 'n'.repeat(2000), selector: '#thread' }),
  },
];
