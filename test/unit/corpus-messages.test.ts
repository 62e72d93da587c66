// The messages between extension parts, under bad input (test/corpus/messages): the
// snapshot port refuses malformed and oversized snapshots with a clear error and never
// hands them to the background; the background's handlers name the bad field and write
// nothing; the Meta bridge's two halves, run in one page, take nothing from the page's own
// scripts that lacks this request's nonce, take only the first answer, and never throw.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetaAdapter } from '@/content-scripts/meta/adapter';
import { BRIDGE_REPLY, BRIDGE_REQUEST, domBridge } from '@/content-scripts/meta/bridge';
import { answerBridgeRequests } from '@/content-scripts/meta/bridge-main';
import type { CustomerView } from '@/core/customer-view';
import { checkInsertReply } from '@/core/wire-checks';
import { KqDb } from '@/storage/db';
import { handleGetTimeline, handleMergeCustomers } from '@/storage/handlers';
import { handleGetStats } from '@/storage/stats-handler';
import type { SyncClient } from '@/storage/sync-client';
import { handleAssign, handleEditLabel } from '@/storage/team-handlers';
import { type PortLike, RESOLVE_PORT } from '@/utils/resolve-port';
import { servePort } from '@/utils/serve-port';
import { FORGED_REPLIES, PAGE_REQUESTS, type SeenRequest } from '../corpus/messages/bridge-cases';
import { goodSnapshot, PORT_CASES } from '../corpus/messages/port-cases';
import { REQUEST_CASES, type RequestHandler } from '../corpus/messages/request-cases';
import { FIXTURE_NOW, loadFixture } from './fixture-dom';

/** The background's end of a port, delivering by hand and keeping what it answered. */
function servedPort(handle: (snapshot: unknown) => Promise<CustomerView>) {
  const listeners: ((m: unknown) => void)[] = [];
  const replies: unknown[] = [];
  const port: PortLike = {
    name: RESOLVE_PORT,
    postMessage: (m) => void replies.push(m),
    disconnect: () => {},
    onMessage: { addListener: (l) => void listeners.push(l) },
    onDisconnect: { addListener: () => {} },
  };
  servePort(port, handle);
  return {
    replies,
    send: async (m: unknown) => {
      for (const l of listeners) l(m);
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('snapshot port: malformed, wrong-typed and oversized snapshots', () => {
  it.each(PORT_CASES)('$name', async ({ message, expect: want }) => {
    const handle = vi.fn(
      async (_snapshot: unknown) => ({ displayName: 'view' }) as unknown as CustomerView,
    );
    const { replies, send } = servedPort(handle);
    await send(message);
    if ('ignored' in want) {
      expect(replies).toEqual([]);
      expect(handle).not.toHaveBeenCalled();
    } else if ('err' in want) {
      expect(handle).not.toHaveBeenCalled();
      expect(replies).toHaveLength(1);
      const reply = replies[0] as { id: number; err: string };
      expect(reply.id).toBe(1);
      expect(reply.err).toMatch(want.err);
      // A clear sentence, not the junk echoed back.
      expect(reply.err.length).toBeLessThan(600);
    } else {
      expect(handle).toHaveBeenCalledOnce();
      const seen = handle.mock.calls[0]?.[0] as Record<string, unknown>;
      // The handler sees exactly the schema's fields, nothing the tab added.
      expect(Object.keys(seen).sort()).toEqual(Object.keys(goodSnapshot()).sort());
      expect(Object.hasOwn(seen, 'constructor')).toBe(false);
      expect(replies).toEqual([{ id: 1, res: { displayName: 'view' } }]);
    }
  });
});

describe('background handlers: malformed requests', () => {
  let db: KqDb;
  beforeEach(() => {
    db = new KqDb(`kq-corpus-msg-${Math.random()}`);
  });
  afterEach(() => db.close());

  const offline = {
    connection: async () => null,
    call: async () => {
      throw new Error('offline');
    },
    syncNow: async () => {},
  } as unknown as SyncClient;

  /** The error each handler answers with (a Result's `error`, or what it throws). */
  const run: Record<RequestHandler, (input: unknown) => Promise<string | undefined>> = {
    assignLabel: async (input) => errorOf(await handleAssign(db, input, true)),
    editLabel: async (input) => errorOf(await handleEditLabel(db, offline, input)),
    getStats: async (input) => errorOf(await handleGetStats(db, offline, input)),
    // The tab's insertReply handler (content-scripts/sidebar-host.tsx) checks exactly this.
    insertReply: async (input) => {
      const checked = checkInsertReply(input);
      return checked.ok ? undefined : checked.error;
    },
    mergeCustomers: (input) => thrown(handleMergeCustomers(db, input)),
    getTimeline: (input) => thrown(handleGetTimeline(db, input)),
  };

  it.each(REQUEST_CASES)('$handler: $name', async ({ handler, input, error }) => {
    const said = await run[handler](input);
    expect(said).toMatch(error);
    expect(said?.length).toBeLessThan(600);
    const written = await Promise.all([
      db.customers.count(),
      db.labels.count(),
      db.labelAssignments.count(),
      db.merges.count(),
    ]);
    expect(written).toEqual([0, 0, 0, 0]);
  });
});

const errorOf = (r: { ok: boolean; error?: string }) => (r.ok ? undefined : r.error);
const thrown = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );

describe('Meta bridge: the page’s own scripts', () => {
  const THREAD = '100004827315590';
  const stops: (() => void)[] = [];
  let seen: SeenRequest[] = [];

  beforeEach(() => {
    document.body.innerHTML = '<div id="thread"></div>';
    const el = document.getElementById('thread') as unknown as Record<string, unknown>;
    el.__reactFiber$kq = {
      memoizedProps: { threadID: THREAD, threadType: 'FB_MESSAGE', title: 'Nguyễn Thu Hà' },
    };
    watchRequests();
  });
  /** The page watches every request (it can: they are DOM events). */
  const watchRequests = () => {
    seen = [];
    const watch = (e: Event) => {
      try {
        seen.push(JSON.parse((e as CustomEvent<string>).detail));
      } catch {}
    };
    document.addEventListener(BRIDGE_REQUEST, watch);
    stops.push(() => document.removeEventListener(BRIDGE_REQUEST, watch));
  };
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  const mainWorld = () => stops.push(answerBridgeRequests(document));
  /** A page script answering each request with `detail(request, previous request)`. */
  const pageAnswers = (detail: (r: SeenRequest, prev: SeenRequest | undefined) => unknown) => {
    const answer = () => {
      const request = seen.at(-1);
      if (!request) return;
      document.dispatchEvent(
        new CustomEvent(BRIDGE_REPLY, { detail: detail(request, seen.at(-2)) }),
      );
    };
    document.addEventListener(BRIDGE_REQUEST, answer);
    stops.push(() => document.removeEventListener(BRIDGE_REQUEST, answer));
  };

  it('both halves in one page: the main world answers with the thread React shows', () => {
    mainWorld();
    expect(domBridge('#thread')).toEqual({
      threadId: THREAD,
      threadType: 'FB_MESSAGE',
      title: 'Nguyễn Thu Hà',
    });
  });

  it.each(FORGED_REPLIES)('a page reply with $name, sent first, is refused', ({ detail }) => {
    pageAnswers(detail);
    mainWorld();
    domBridge('#thread'); // an earlier request, for the replay case
    // Only the first reply counts, and the page's is first and not valid: no answer at all,
    // rather than a forged one (the adapter then falls back to a weak identity).
    expect(domBridge('#thread')).toBeUndefined();
  });

  it.each(FORGED_REPLIES)('a page reply with $name, sent after ours, is ignored', ({ detail }) => {
    mainWorld();
    pageAnswers(detail);
    expect(domBridge('#thread')).toMatchObject({ threadId: THREAD });
  });

  it('a second well-formed answer naming another thread does not replace the first', () => {
    mainWorld();
    pageAnswers((r) => JSON.stringify({ nonce: r.nonce, threadId: '100071234508812' }));
    expect(domBridge('#thread')?.threadId).toBe(THREAD);
  });

  it('a page answering first with the right nonce and a spoofed thread gets the adapter to wait, not to name', () => {
    loadFixture(
      'meta/current-en.html',
      'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345',
    );
    // document.open() dropped the page's listeners: the page starts watching again.
    watchRequests();
    document.querySelector('[data-surface*="channel_selector"]')?.remove();
    const region = document.querySelector(
      '[data-pagelet="BizInboxDetailSectionWrapper"] [role="region"]',
    ) as unknown as Record<string, unknown>;
    region.__reactFiber$kq = { memoizedProps: { threadID: THREAD, title: 'Nguyễn Thu Hà' } };
    pageAnswers((r) =>
      JSON.stringify({ nonce: r.nonce, threadId: '100071234508812', title: 'Trần Minh Khoa' }),
    );
    mainWorld();
    expect(createMetaAdapter().read(FIXTURE_NOW).kind).toBe('pending');
  });

  it.each(PAGE_REQUESTS)(
    'a page request with $name gets no answer and throws nothing',
    ({ detail }) => {
      mainWorld();
      const replies: unknown[] = [];
      const onReply = (e: Event) => replies.push((e as CustomEvent).detail);
      document.addEventListener(BRIDGE_REPLY, onReply);
      const errors: unknown[] = [];
      const onError = (e: Event) => errors.push((e as ErrorEvent).error ?? e);
      window.addEventListener('error', onError);
      try {
        expect(() =>
          document.dispatchEvent(new CustomEvent(BRIDGE_REQUEST, { detail })),
        ).not.toThrow();
      } finally {
        document.removeEventListener(BRIDGE_REPLY, onReply);
        window.removeEventListener('error', onError);
      }
      expect(errors).toEqual([]);
      expect(replies).toEqual([]);
    },
  );

  it('a well-formed page request is answered with the id only, as it could read it itself', () => {
    mainWorld();
    const replies: string[] = [];
    const onReply = (e: Event) => replies.push((e as CustomEvent<string>).detail);
    document.addEventListener(BRIDGE_REPLY, onReply);
    document.dispatchEvent(
      new CustomEvent(BRIDGE_REQUEST, {
        detail: JSON.stringify({ nonce: 'page', selector: '#thread' }),
      }),
    );
    document.removeEventListener(BRIDGE_REPLY, onReply);
    expect(replies.map((r) => Object.keys(JSON.parse(r)).sort())).toEqual([
      ['nonce', 'threadId', 'threadType', 'title'],
    ]);
  });
});

describe('Meta bridge: hostile React props and window messages', () => {
  const THREAD = '100004827315590';
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('a fiber whose props throw when read gets no answer, and the main world does not throw', () => {
    document.body.innerHTML = '<div id="thread"></div>';
    const el = document.getElementById('thread') as unknown as Record<string, unknown>;
    el.__reactFiber$kq = {
      get memoizedProps() {
        throw new Error('the page’s trap');
      },
    };
    stops.push(answerBridgeRequests(document));
    const errors: unknown[] = [];
    const onError = (e: Event) => errors.push((e as ErrorEvent).error ?? e);
    window.addEventListener('error', onError);
    stops.push(() => window.removeEventListener('error', onError));
    expect(() => domBridge('#thread')).not.toThrow();
    expect(domBridge('#thread')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a reply sent by window.postMessage, even with the right nonce, is never taken', async () => {
    document.body.innerHTML = '<div id="thread"></div>';
    const forward = (e: Event) => {
      const { nonce } = JSON.parse((e as CustomEvent<string>).detail) as { nonce: string };
      window.postMessage(
        { type: BRIDGE_REPLY, detail: JSON.stringify({ nonce, threadId: THREAD }) },
        '*',
      );
    };
    document.addEventListener(BRIDGE_REQUEST, forward);
    stops.push(() => document.removeEventListener(BRIDGE_REQUEST, forward));
    expect(domBridge('#thread')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(domBridge('#thread')).toBeUndefined();
  });
});
