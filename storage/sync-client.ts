// The extension's side of team sync: connect with a token, push the outbox, pull the change
// feed into the local tables, listen to the server's stream, and say how it is going. Runs
// in the background; every network step has a timeout and fails into "offline" or "error"
// with the reason, never into lost data (the outbox keeps everything until acknowledged).
import type { LookupMatch, PullResponse, WireRow } from '@/core/api/schemas';
import type { Platform } from '@/core/snapshot';
import type { Mutation } from '@/core/sync/mutations';
import { type ConnectRequest, type Me, MeSchema, type SyncStatus } from '@/core/sync/status';
import { queueCareUpload } from './care';
import type { KqDb } from './db';
import { customerUpsertData, identityUpsertData, noteAddData } from './mutation-data';
import { enqueueMany, outboxTables, SYNC_CONNECTION_KEY, stamp, syncTouchpointId } from './outbox';
import { storeSelectorPack } from './selector-packs';
import { type ApplyResult, applyPulledRows } from './sync-apply';

export interface SyncConnection {
  url: string;
  token: string;
  me: Me;
  connectedAt: number;
}

const CURSOR_KEY = 'sync.cursor';
const PUSH_BATCH = 200;
const PULL_LIMIT = 5000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Unknown identities wait at most this long for the server before we go on locally. */
export const LOOKUP_TIMEOUT_MS = 300;
const MAX_BACKOFF_MS = 60_000;
const PACK_CHECK_MS = 5 * 60_000;

/** The server could not be reached (or answered 5xx / 429): retry later. */
export class OfflineError extends Error {
  override name = 'OfflineError';
}
/** The server refused the request: retrying will not help until something changes. */
export class ServerRefusedError extends Error {
  override name = 'ServerRefusedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SyncClientOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Rows from the server landed locally: refresh what shows them. */
  onApplied?: (result: ApplyResult) => void;
  onStatus?: (status: SyncStatus) => void;
}

export class SyncClient {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private running: Promise<SyncStatus> | undefined;
  private again = false;
  private failures = 0;
  private packsCheckedAt = Number.NEGATIVE_INFINITY;
  private lastStatus: SyncStatus = { state: 'local' };
  /** Sticky until a sync round passes without one. */
  private rejection: { code: string; reason: string } | undefined;

  constructor(
    private readonly db: KqDb,
    private readonly opts: SyncClientOptions = {},
  ) {
    this.fetch = opts.fetch ?? ((...a) => fetch(...a));
    this.now = opts.now ?? Date.now;
  }

  async connection(): Promise<SyncConnection | undefined> {
    const row = await this.db.settings.get(SYNC_CONNECTION_KEY);
    return row?.value as SyncConnection | undefined;
  }

  /**
   * Checks the token with the server, stores the connection and queues everything already
   * stored here for upload, so a shop that worked local-only first loses nothing.
   */
  async connect(req: ConnectRequest): Promise<Me> {
    const url = req.url.replace(/\/+$/, '');
    const me = MeSchema.parse(
      await this.request({ url, token: req.token }, 'GET', '/v1/me', undefined, 10_000),
    );
    const conn: SyncConnection = { url, token: req.token, me, connectedAt: this.now() };
    const db = this.db;
    await db.transaction(
      'rw',
      [
        ...outboxTables(db),
        db.customers,
        db.identities,
        db.touchpoints,
        db.notes,
        db.labels,
        db.labelAssignments,
        db.careItems,
        db.stages,
      ],
      async () => {
        await db.settings.put({ key: SYNC_CONNECTION_KEY, value: conn });
        await db.settings.delete(CURSOR_KEY);
        await db.outbox.clear();
        await queueUpload(db, me.role !== 'agent');
        await queueCareUpload(db, me.memberId, this.now());
      },
    );
    this.failures = 0;
    this.rejection = undefined;
    this.packsCheckedAt = Number.NEGATIVE_INFINITY;
    return me;
  }

  /** Back to local-only. Local data stays; changes not yet pushed are dropped with the link. */
  async disconnect(): Promise<void> {
    await this.db.transaction('rw', [this.db.settings, this.db.outbox], async () => {
      await this.db.settings.delete(SYNC_CONNECTION_KEY);
      await this.db.settings.delete(CURSOR_KEY);
      await this.db.outbox.clear();
    });
    this.rejection = undefined;
    this.setStatus({ state: 'local' });
  }

  status(): SyncStatus {
    return this.lastStatus;
  }

  /** Milliseconds until the next attempt after failures (exponential, capped, jittered). */
  backoffMs(): number {
    if (this.failures === 0) return 0;
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  /** Push then pull until caught up. Concurrent calls share one run (plus one more after). */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let status: SyncStatus;
      do {
        this.again = false;
        status = await this.round();
      } while (this.again && status.state !== 'offline' && status.state !== 'error');
      return status;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<SyncStatus> {
    const conn = await this.connection();
    if (!conn) return this.setStatus({ state: 'local' });
    try {
      this.rejection = undefined;
      await this.push(conn);
      await this.pull(conn);
      await this.refreshPacks(conn);
      this.failures = 0;
      return this.setStatus(await this.settledStatus());
    } catch (error) {
      return this.setStatus(await this.failed(error));
    }
  }

  private async settledStatus(): Promise<SyncStatus> {
    const count = await this.db.outbox.count();
    if (this.rejection) return { state: 'error', ...this.rejection, count };
    return count > 0 ? { state: 'pending', count } : { state: 'synced', at: this.now() };
  }

  private async failed(error: unknown): Promise<SyncStatus> {
    const count = await this.db.outbox.count();
    if (error instanceof ServerRefusedError) {
      return { state: 'error', code: error.code, reason: error.message, count };
    }
    this.failures += 1;
    return { state: 'offline', count, retryAt: this.now() + this.backoffMs() };
  }

  /** Call after a local write: the status shows it waiting until the next push. */
  async noteLocalWrite(): Promise<void> {
    if (this.lastStatus.state === 'synced' || this.lastStatus.state === 'pending') {
      const count = await this.db.outbox.count();
      if (count > 0) this.setStatus({ state: 'pending', count });
    }
  }

  private setStatus(status: SyncStatus): SyncStatus {
    const changed = JSON.stringify(status) !== JSON.stringify(this.lastStatus);
    this.lastStatus = status;
    if (changed) this.opts.onStatus?.(status);
    return status;
  }

  private async push(conn: SyncConnection): Promise<void> {
    for (;;) {
      const batch = await this.db.outbox.orderBy('seq').limit(PUSH_BATCH).toArray();
      if (batch.length === 0) return;
      const res = (await this.request(conn, 'POST', '/v1/sync/push', {
        mutations: batch.map((o) => o.payload as Mutation),
      })) as {
        results: { id: string; status: string; error?: { code: string; message: string } }[];
      };
      const done = new Set<string>();
      for (const r of res.results) {
        done.add(r.id);
        if (r.status === 'rejected') {
          this.rejection = {
            code: r.error?.code ?? 'rejected',
            reason: r.error?.message ?? 'the server refused a change',
          };
        }
      }
      // Acknowledged (applied, duplicate or refused for good): out of the outbox. Anything
      // the server did not mention stays and goes again.
      const seqs = batch.filter((o) => done.has(o.mutationId)).map((o) => o.seq as number);
      if (seqs.length === 0) throw new OfflineError('the server acknowledged nothing');
      await this.db.outbox.bulkDelete(seqs);
    }
  }

  private async pull(conn: SyncConnection): Promise<void> {
    const fetchPage = (cursor: string | undefined) => {
      const q = new URLSearchParams({ limit: String(PULL_LIMIT) });
      if (cursor) q.set('since', cursor);
      return this.request(conn, 'GET', `/v1/sync/pull?${q}`) as Promise<PullResponse>;
    };
    let cursor = (await this.db.settings.get(CURSOR_KEY))?.value as string | undefined;
    // A fresh install has nothing to merge with: skip the per-row reads of local twins.
    const fresh =
      (await this.db.identities.count()) === 0 && (await this.db.customers.count()) === 0;
    let next = fetchPage(cursor);
    for (;;) {
      let page: PullResponse;
      try {
        page = await next;
      } catch (error) {
        // The server's log was reset (restored backup, new database): start over.
        if (error instanceof ServerRefusedError && error.status === 409 && cursor) {
          await this.db.settings.delete(CURSOR_KEY);
          cursor = undefined;
          next = fetchPage(undefined);
          continue;
        }
        throw error;
      }
      // The next page travels while this one is written (network and IndexedDB overlap).
      if (page.hasMore) {
        next = fetchPage(page.cursor);
        next.catch(() => {}); // awaited on the next turn; a failure there is handled there
      }
      const applied = await this.applyPage(page.rows, page.cursor, fresh);
      cursor = page.cursor;
      if (applied.changed > 0) this.opts.onApplied?.(applied);
      if (!page.hasMore) return;
    }
  }

  /**
   * Fetches the selector packs the team serves (a fix for a changed host site, without a
   * store release), at most every few minutes; the ETag makes an unchanged pack cost a 304.
   * A pack that fails validation is not stored; the bundled one stays in use.
   */
  private async refreshPacks(conn: SyncConnection): Promise<void> {
    if (this.now() - this.packsCheckedAt < PACK_CHECK_MS) return;
    this.packsCheckedAt = this.now();
    for (const platform of ['meta', 'zalo'] as const) {
      const etagKey = `sync.packEtag:${platform}`;
      const etag = (await this.db.settings.get(etagKey))?.value as string | undefined;
      let res: Response;
      try {
        res = await this.fetch(`${conn.url}/v1/selector-packs/${platform}`, {
          headers: {
            Authorization: `Bearer ${conn.token}`,
            ...(etag ? { 'If-None-Match': etag } : {}),
          },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch {
        return; // offline: the pull just said otherwise, so try again next time
      }
      if (res.status !== 200) continue; // 304 unchanged, 404 an older server without packs
      try {
        const body = (await res.json()) as { pack: unknown };
        if (body.pack) await storeSelectorPack(this.db, body.pack);
        const next = res.headers.get('ETag');
        if (next) await this.db.settings.put({ key: etagKey, value: next });
      } catch (error) {
        console.warn(`[Khách Quen] served ${platform} selector pack refused: ${String(error)}`);
      }
    }
  }

  /** A page and its cursor land together, so a crash never skips or repeats a page. */
  private async applyPage(rows: WireRow[], cursor: string, fresh: boolean): Promise<ApplyResult> {
    return this.db.transaction('rw', this.db.tables, async () => {
      const r = await applyPulledRows(this.db, rows, this.now(), { fresh });
      await this.db.settings.put({ key: CURSOR_KEY, value: cursor });
      return r;
    });
  }

  /**
   * Asks the team server about a person this machine has never seen, waiting at most
   * `timeoutMs`. A match lands locally (customer + identities) so the normal local path
   * finds it; any failure just means "not known", and the caller goes on locally.
   */
  async lookupIdentity(
    key: { platform: Platform; accountId: string; externalId: string },
    timeoutMs = LOOKUP_TIMEOUT_MS,
  ): Promise<boolean> {
    const conn = await this.connection();
    if (!conn) return false;
    try {
      const q = new URLSearchParams(key);
      const res = (await this.request(
        conn,
        'GET',
        `/v1/customers/lookup?${q}`,
        undefined,
        timeoutMs,
      )) as { matches: LookupMatch[] };
      const match = res.matches?.[0];
      if (!match) return false;
      await applyPulledRows(this.db, lookupRows(match), this.now());
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Listens to the server's stream and pulls whenever it says something changed. Resolves
   * when the stream ends (server restart, network change, `signal` aborted).
   */
  async listen(signal: AbortSignal): Promise<void> {
    const conn = await this.connection();
    if (!conn) return;
    const res = await this.fetch(`${conn.url}/v1/sync/stream`, {
      headers: { Authorization: `Bearer ${conn.token}`, Accept: 'text/event-stream' },
      signal,
    });
    if (!res.ok || !res.body) throw await refusal(res);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buf += value;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const event = /^event:\s*(.+)$/m.exec(buf.slice(0, i))?.[1]?.trim();
        buf = buf.slice(i + 2);
        if (event === 'change' || event === 'ready' || event === 'resync') void this.syncNow();
        if (event === 'shutdown') return;
      }
    }
  }

  /** One authenticated call to the team server's API (label catalog edits and the like). */
  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const conn = await this.connection();
    if (!conn) throw new ServerRefusedError(0, 'not_connected', 'not connected to a team server');
    return this.request(conn, method, path, body);
  }

  private async request(
    conn: Pick<SyncConnection, 'url' | 'token'>,
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetch(`${conn.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${conn.token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new OfflineError(`cannot reach ${conn.url}: ${(error as Error).message}`);
    }
    if (!res.ok) throw await refusal(res);
    return res.json();
  }
}

async function refusal(res: Response): Promise<Error> {
  let code = `http_${res.status}`;
  let message = `the server answered ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // not our server's JSON
  }
  if (res.status >= 500 || res.status === 429) return new OfflineError(message);
  return new ServerRefusedError(res.status, code, message);
}

/** A lookup answer as rows without clocks: any local or pulled write outranks them. */
function lookupRows(m: LookupMatch): WireRow[] {
  const strip = (o: object) =>
    Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== null && k !== 'id'));
  return [
    { t: 'customers', id: m.customer.id, seq: 0, f: strip(m.customer), c: {} },
    ...m.identities.map(
      (i): WireRow => ({ t: 'identities', id: i.id, seq: 0, f: strip(i), c: {} }),
    ),
  ];
}

/** Everything stored before connecting, as mutations for the outbox. */
async function queueUpload(db: KqDb, manager: boolean): Promise<void> {
  const out: Mutation[] = [];
  for (const c of await db.customers.toArray())
    out.push(stamp('customer.upsert', customerUpsertData(c)));
  for (const i of await db.identities.toArray())
    out.push(stamp('identity.upsert', identityUpsertData(i)));
  for (const t of await db.touchpoints.toArray()) {
    const base = {
      id: syncTouchpointId(t.identityId, t.day),
      customerId: t.customerId,
      identityId: t.identityId,
      platform: t.platform,
      day: t.day,
    };
    // `count` adds up on the server and firstAt/lastAt are min/max: two records carry all.
    const first = Math.min(10_000, Math.max(1, t.count - 1));
    out.push(stamp('touchpoint.record', { ...base, at: t.firstAt, count: first }));
    if (t.count > 1) out.push(stamp('touchpoint.record', { ...base, at: t.lastAt, count: 1 }));
  }
  for (const n of await db.notes.toArray()) {
    out.push(stamp('note.add', noteAddData(n)));
  }
  if (manager) {
    for (const l of await db.labels.toArray()) {
      out.push(stamp('label.create', { id: l.id, name: l.name, color: l.color, order: l.order }));
    }
  }
  for (const a of await db.labelAssignments.toArray()) {
    const m = stamp('label.assign', { customerId: a.customerId, labelId: a.labelId });
    out.push(m);
    await db.labelAssignments.update(a.id, { tags: [m.id] });
  }
  // Pipeline (issue 9): the agents' choices of stage (signals are derived on every replica).
  for (const r of await db.stages.toArray()) {
    if (r.setBy !== 'agent') continue;
    const m = stamp('customer.stage', {
      customerId: r.customerId,
      stageId: r.stageId,
      setBy: 'agent',
      at: r.at,
      ...(r.by ? { by: r.by.slice(0, 120) } : {}),
    });
    out.push(m);
    await db.stages.update(r.customerId, { hlc: m.hlc });
  }
  await enqueueMany(db, out);
}
