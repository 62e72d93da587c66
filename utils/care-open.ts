// Opening a care item (issue 9): go to the customer's conversation and, once it is open,
// put the item's text into the host's composer through the adapter's insertReply path. It is
// never sent: the agent reads it and presses Enter.
//
// Meta has a URL per thread: an open inbox tab is navigated there (or one is opened). Zalo
// has none: the customer's name or phone goes into Zalo's own search box, and the agent picks
// the conversation. Either way the text waits in `browser.storage.session` (the worker may
// sleep between the click and the conversation opening) until that customer's conversation
// resolves in a content script, which takes it once.
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import type { CareQueueEntry, PendingInsert } from '@/core/care/types';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import { sendMessage } from '@/utils/messaging';

const ZALO_HOME = 'https://chat.zalo.me/';

/** A text waits this long for its conversation, then it is dropped. */
export const PENDING_TTL_MS = 10 * 60_000;
const PENDING_KEY = 'care.pendingInserts';

export interface CareOpenDeps {
  /** The item as the queue shows it (target, filled text), or null when it is gone. */
  entry(id: string): Promise<CareQueueEntry | null>;
  now?: () => number;
  /** How long to keep asking a freshly opened Zalo tab to search (ms). */
  searchWaitMs?: number;
  /** Asks the Zalo tab to search (default: the searchZalo message). */
  searchZalo?: (tabId: number, search: string) => Promise<Result>;
}

// As core/care/types: item ids embed order ids (`imp|phone:+84…|SON1001`).
const Id = z
  .string()
  .check(z.regex(/^\P{Cc}{1,600}$/u, 'expected an id: 1-600 printable characters'));
const OpenSchema = z.strictObject({ id: Id });
const TakeSchema = z.strictObject({ customerId: Id });

type Pending = Record<string, PendingInsert>;

async function readPending(now: number): Promise<Pending> {
  const stored = (await browser.storage.session.get(PENDING_KEY))[PENDING_KEY];
  const out: Pending = {};
  if (stored && typeof stored === 'object') {
    for (const [customerId, p] of Object.entries(stored as Pending)) {
      if (p && typeof p.text === 'string' && p.expiresAt > now) out[customerId] = p;
    }
  }
  return out;
}

// Reads and writes of the pending texts take turns: two quick clicks, or two tabs taking at
// once, must neither drop a text nor hand one out twice.
let turn: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const next = turn.then(work, work);
  turn = next.catch(() => undefined);
  return next;
}

/** Keep a text for this customer's composer (one per customer: the latest click wins). */
export function putPendingInsert(p: PendingInsert, now = Date.now()): Promise<void> {
  return inTurn(async () => {
    const pending = await readPending(now);
    pending[p.customerId] = p;
    await browser.storage.session.set({ [PENDING_KEY]: pending });
  });
}

/** The text waiting for this customer, removed as it is taken; null when none (or expired). */
export function takePendingInsert(
  customerId: string,
  now = Date.now(),
): Promise<PendingInsert | null> {
  return inTurn(async () => {
    const pending = await readPending(now);
    const found = pending[customerId] ?? null;
    if (found) delete pending[customerId];
    await browser.storage.session.set({ [PENDING_KEY]: pending });
    return found;
  });
}

/** Is a text waiting for this customer? (Read only: taking it is the tab's, when it shows them.) */
export async function hasPendingInsert(customerId: string, now = Date.now()): Promise<boolean> {
  return customerId in (await readPending(now));
}

export async function handleTakePendingInsert(data: unknown): Promise<PendingInsert | null> {
  const parsed = TakeSchema.safeParse(data);
  if (!parsed.success) return null;
  try {
    return await takePendingInsert(parsed.data.customerId);
  } catch {
    return null;
  }
}

/** Is `url` one of the inbox pages `site` runs on (the content scripts' hosts)? */
export function onInbox(site: 'meta' | 'zalo', url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return false;
    if (site === 'zalo') return u.host === 'chat.zalo.me';
    // The inbox only: another Business Suite page (ads, commerce) may hold the agent's
    // unsaved work, and is never navigated away.
    return (
      (u.host === 'business.facebook.com' || u.host === 'www.facebook.com') &&
      u.pathname.startsWith('/latest/inbox')
    );
  } catch {
    return false;
  }
}

/** The inbox tab the agent used last (the active one first), if any is open. */
async function inboxTab(site: 'meta' | 'zalo') {
  const tabs = await browser.tabs.query({});
  return tabs
    .filter((t) => t.id !== undefined && onInbox(site, t.url))
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0),
    )[0];
}

async function focus(tab: { id?: number; windowId?: number }) {
  if (tab.windowId !== undefined) {
    await browser.windows.update(tab.windowId, { focused: true }).catch(() => {});
  }
}

/**
 * Opens the item's conversation. Meta: the inbox tab goes to the thread's URL. Zalo: the
 * name or phone is put in Zalo's search box (the agent picks the conversation). The filled
 * template waits for that customer's composer. Never throws.
 */
export async function openCareItem(
  id: string,
  deps: CareOpenDeps,
): Promise<Result<{ opened: 'tab' | 'search' }>> {
  try {
    const now = (deps.now ?? Date.now)();
    const entry = await deps.entry(id);
    if (!entry) return { ok: false, error: `id: no care item ${id} (done, dismissed or deleted)` };
    const { target } = entry;
    if (!target) return { ok: false, error: 'target: this customer has no conversation to open' };
    if (entry.text) {
      await putPendingInsert(
        {
          customerId: entry.item.customerId,
          text: entry.text,
          itemId: entry.item.id,
          expiresAt: now + PENDING_TTL_MS,
        },
        now,
      );
    }
    if (target.platform === 'zalo') {
      let tab = await inboxTab('zalo');
      let fresh = false;
      if (tab?.id === undefined) {
        tab = await browser.tabs.create({ url: ZALO_HOME, active: true });
        fresh = true;
      } else {
        await browser.tabs.update(tab.id, { active: true });
      }
      await focus(tab);
      const tabId = tab.id as number;
      // A tab just opened has no content script yet: ask again until it answers.
      const until = Date.now() + (fresh ? (deps.searchWaitMs ?? 20_000) : 0);
      for (;;) {
        const r = await (
          deps.searchZalo ?? ((id, search) => sendMessage('searchZalo', { search }, id))
        )(tabId, target.search).catch(refusal);
        if (r.ok || Date.now() >= until) return r.ok ? { ok: true, opened: 'search' } : r;
        await new Promise((done) => setTimeout(done, 500));
      }
    }
    if (!onInbox('meta', target.url))
      return { ok: false, error: 'target.url: not a Meta Business Suite inbox address' };
    const tab = await inboxTab('meta');
    if (tab?.id !== undefined) {
      await browser.tabs.update(tab.id, { url: target.url, active: true });
      await focus(tab);
    } else {
      await browser.tabs.create({ url: target.url, active: true });
    }
    return { ok: true, opened: 'tab' };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleOpenCareItem(
  data: unknown,
  deps: CareOpenDeps,
): Promise<Result<{ opened: 'tab' | 'search' }>> {
  const parsed = OpenSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  return openCareItem(parsed.data.id, deps);
}
