// Faults in real Chromium with the built extension and a real team server process:
// the service worker stopped (CDP ServiceWorker.stopWorker) while a push is in flight, and
// the team server killed (SIGKILL) in the middle of one and restarted. Afterwards the server
// holds every change exactly once (counted in its change log and its rows) and another
// agent's browser pulls the same state.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Route } from '@playwright/test';
import {
  askBackground,
  extensionWorker,
  launchWithExtension,
  ROOT,
  serveReplicas,
  stopServiceWorker,
} from '../../scripts/browser';
import { submitConnectForm } from '../../scripts/team-server';
import { countRows, expect, sidebar, test } from './harness';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';

test.use({ actionTimeout: 15_000 });

// ---- a team server whose process the test can kill and start again on the same port ----

function node(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

function listen(dataDir: string, port: number): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--data', dataDir, '--port', String(port)],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' } },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m?.[1]) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

interface Server {
  url: string;
  tokens: { manager: string; agent: string };
  proc: ChildProcess;
  /** SIGKILL, as a crash or an OOM killer would. */
  kill(): Promise<void>;
  /** Starts the process again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function teamServer(): Promise<Server> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kq-faults-server-'));
  const admin = async (...args: string[]) =>
    JSON.parse(await node(['server/admin.ts', ...args, '--data', dataDir]));
  const team = await admin('team', 'create', '--name', 'Shop Hoa', '--owner', 'Chị Mai');
  const token = async (role: string, name: string) =>
    (await admin('token', 'create', '--team', team.teamId, '--role', role, '--name', name)).token;
  const tokens = {
    manager: await token('manager', 'Anh Tuấn'),
    agent: await token('agent', 'Bé Ngân'),
  };
  let { proc, url } = await listen(dataDir, 0);
  const port = Number(new URL(url).port);
  const server: Server = {
    url,
    tokens,
    proc,
    async kill() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
    async restart() {
      ({ proc, url } = await listen(dataDir, port));
      server.proc = proc;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) await server.kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

// ---- what the server holds, read through its own API ----

interface Change {
  seq: number;
  mutationId: string;
  kind: string;
}
interface WireRow {
  t: string;
  id: string;
  f: Record<string, unknown>;
}

async function api<T>(server: Server, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${server.url}${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${server.tokens.manager}` },
  });
  expect(res.status, pathAndQuery).toBe(200);
  return (await res.json()) as T;
}

/** Every entry of the team's change log, oldest first. */
async function changeLog(server: Server): Promise<Change[]> {
  const out: Change[] = [];
  let since = '0';
  for (;;) {
    const page = await api<{ cursor: string; hasMore: boolean; changes: Change[] }>(
      server,
      `/v1/sync/pull?since=${since}&limit=1000`,
    );
    out.push(...page.changes);
    if (!page.hasMore) return out;
    since = page.cursor;
  }
}

/** Every row the team holds (the snapshot pull). */
async function serverRows(server: Server): Promise<WireRow[]> {
  const out: WireRow[] = [];
  let since = '';
  for (;;) {
    const page = await api<{ cursor: string; hasMore: boolean; rows: WireRow[] }>(
      server,
      `/v1/sync/pull?limit=1000${since ? `&since=${encodeURIComponent(since)}` : ''}`,
    );
    out.push(...page.rows);
    if (!page.hasMore) return out;
    since = page.cursor;
  }
}

// ---- the extension side ----

/** Rows of one table of the extension's database, read in its service worker. */
async function localRows<T>(context: BrowserContext, store: string): Promise<T[]> {
  const worker = context.serviceWorkers().at(-1) ?? (await extensionWorker(context)).worker;
  return worker.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const req = indexedDB.open('khach-quen');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction(store, 'readonly');
          const all = tx.objectStore(store).getAll();
          all.onsuccess = () => {
            req.result.close();
            resolve(all.result as T[]);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    store,
  );
}

/** The notes and label assignments of one customer, as comparable text. */
async function customerState(context: BrowserContext, customerId: string) {
  const notes = await localRows<{ id: string; customerId: string; text: string }>(context, 'notes');
  const assignments = await localRows<{ customerId: string; labelId: string }>(
    context,
    'labelAssignments',
  );
  return {
    notes: notes
      .filter((n) => n.customerId === customerId)
      .map((n) => `${n.id}:${n.text}`)
      .sort(),
    labels: assignments
      .filter((a) => a.customerId === customerId)
      .map((a) => a.labelId)
      .sort(),
  };
}

/**
 * Holds every push to the server: the request goes through to the server (which applies
 * it) but its answer waits until `release` — the push is in flight from the extension's
 * side. `held` resolves at the first push.
 */
async function holdPushes(context: BrowserContext, url: string) {
  let first: () => void = () => {};
  const held = new Promise<void>((r) => (first = r));
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let pushes = 0;
  let inFlight = 0;
  const handler = async (route: Route) => {
    pushes += 1;
    if (pushes === 1) inFlight = route.request().postDataJSON().mutations.length;
    const response = await route.fetch();
    first();
    await gate;
    await route.fulfill({ response }).catch(() => {
      // the worker that sent it is gone: its answer has nowhere to go
    });
  };
  await context.route(`${url}/v1/sync/push`, handler);
  return {
    held,
    pushes: () => pushes,
    /** Mutations in the first push, the one whose answer never arrives. */
    inFlight: () => inFlight,
    async open() {
      release();
      await context.unroute(`${url}/v1/sync/push`, handler);
    },
  };
}

async function openInbox(context: BrowserContext): Promise<{ page: Page; customerId: string }> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await expect(sidebar(page).getByTestId('kq-name')).toHaveText('Nguyễn Thu Hà');
  const customerId = (await sidebar(page).getAttribute('data-customer-id')) ?? '';
  expect(customerId).not.toBe('');
  return { page, customerId };
}

const synced = (page: Page) =>
  expect(sidebar(page).getByTestId('kq-sync')).toHaveAttribute('data-sync-state', 'synced', {
    timeout: 30_000,
  });

/** Checks the server holds each of `texts` once on the customer, each from one change. */
async function expectOnceEach(server: Server, customerId: string, texts: string[]) {
  const log = await changeLog(server);
  const ids = log.map((c) => c.mutationId);
  expect(new Set(ids).size, 'no mutation applied twice').toBe(ids.length);
  const noteAdds = log.filter((c) => c.kind === 'note.add');
  expect(noteAdds.length, 'note.add changes on the server').toBe(texts.length);
  const notes = (await serverRows(server)).filter(
    (r) => r.t === 'notes' && r.f.customerId === customerId,
  );
  expect(notes.map((n) => String(n.f.text)).sort(), 'notes on the server').toEqual(
    [...texts].sort(),
  );
  return { log, notes };
}

test('the service worker stopped while a push is in flight: the server holds every change once, and another agent pulls the same', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const server = await teamServer();
  const profileB = await mkdtemp(path.join(tmpdir(), 'kq-profile-b-'));
  const contextB = await launchWithExtension({ userDataDir: profileB });
  try {
    await serveReplicas(contextB);
    const options = await submitConnectForm(context, server.url, server.tokens.manager);
    await expect(options.getByTestId('kq-opt-me')).toContainText('Anh Tuấn');
    for (const name of ['Khách sỉ', 'Hay đổi size']) {
      expect(
        await askBackground(options, 'editLabel', { action: 'create', name, color: '#0ea5e9' }),
      ).toEqual({ ok: true });
    }
    const { page, customerId } = await openInbox(context);
    await synced(page);
    const before = await changeLog(server);

    // Pushes now reach the server, but their answers wait: a push is in flight.
    const push = await holdPushes(context, server.url);

    // The agent's path: a note and both labels from the sidebar…
    const texts = ['Khách hẹn thứ Bảy lấy hàng'];
    await sidebar(page).getByTestId('kq-note-input').fill(texts[0]!);
    await sidebar(page).getByTestId('kq-note-add').click();
    await expect(sidebar(page).getByTestId('kq-note')).toHaveCount(1);
    for (const name of ['Khách sỉ', 'Hay đổi size']) {
      await sidebar(page).getByTestId('kq-label-add').click();
      await sidebar(page).getByTestId('kq-label-option').filter({ hasText: name }).click();
    }
    await expect(sidebar(page).getByTestId('kq-label-name')).toHaveText([
      'Khách sỉ',
      'Hay đổi size',
    ]);
    // …and a burst of notes from an extension page, as bulk.
    const bulk = Array.from({ length: 40 }, (_, i) => `Ghi chú ${i + 1}: gọi lại lúc ${i % 12}h`);
    await Promise.all(
      bulk.map(async (text) =>
        expect(
          await askBackground(options, 'note', { action: 'add', customerId, text }),
        ).toMatchObject({
          ok: true,
        }),
      ),
    );
    texts.push(...bulk);
    const sent = (await localRows<{ kind: string }>(context, 'outbox')).filter((o) =>
      ['note.add', 'label.assign'].includes(o.kind),
    ).length;
    expect(sent, 'changes waiting in the outbox').toBe(texts.length + 2);

    // The first push has reached the server; the worker stops before it hears the answer.
    await push.held;
    await options.close();
    await stopServiceWorker(context, page);
    await push.open();

    // A page event wakes the worker; it pushes what it never saw acknowledged.
    await page.reload();
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await expect
      .poll(async () => (await localRows(context, 'outbox')).length, { timeout: 60_000 })
      .toBe(0);
    await synced(page);
    expect(
      push.inFlight(),
      'mutations in the push the worker never heard back about',
    ).toBeGreaterThan(0);

    const { log } = await expectOnceEach(server, customerId, texts);
    const assigns = log.slice(before.length).filter((c) => c.kind === 'label.assign');
    expect(assigns.length, 'label.assign changes on the server').toBe(2);
    const assignments = (await serverRows(server)).filter(
      (r) => r.t === 'assignments' && r.f.customerId === customerId,
    );
    expect(assignments.length, 'label assignments on the server').toBe(2);

    // Another agent, a fresh browser: pulls exactly this state.
    const optionsB = await submitConnectForm(contextB, server.url, server.tokens.agent);
    await expect(optionsB.getByTestId('kq-opt-me')).toContainText('Bé Ngân');
    const b = await openInbox(contextB);
    expect(b.customerId).toBe(customerId);
    await synced(b.page);
    await expect(sidebar(b.page).getByTestId('kq-label-name')).toHaveText([
      'Khách sỉ',
      'Hay đổi size',
    ]);
    const stateA = await customerState(context, customerId);
    expect(stateA.notes).toHaveLength(texts.length);
    expect(await customerState(contextB, customerId)).toEqual(stateA);
    test.info().annotations.push({
      type: 'counts',
      description: `sent ${sent}, on the server ${log.length - before.length} new changes (${texts.length} note.add, 2 label.assign), lost 0, duplicated 0; ${push.inFlight()} in the push cut off by the stop`,
    });
  } finally {
    await contextB.close();
    await rm(profileB, { recursive: true, force: true });
    await server.stop();
  }
});

test('the team server killed (SIGKILL) in the middle of a push and started again: nothing lost, nothing twice', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const server = await teamServer();
  try {
    const options = await submitConnectForm(context, server.url, server.tokens.manager);
    await expect(options.getByTestId('kq-opt-me')).toContainText('Anh Tuấn');
    const { page, customerId } = await openInbox(context);
    await synced(page);

    // The server applies the first push and dies before its answer leaves.
    let killed: () => void = () => {};
    const wasKilled = new Promise<void>((r) => (killed = r));
    const pattern = `${server.url}/v1/sync/push`;
    let cutOff = 0;
    const handler = async (route: Route) => {
      cutOff = route.request().postDataJSON().mutations.length;
      await route.fetch().catch(() => undefined);
      await server.kill();
      killed();
      await route.abort('connectionreset');
    };
    await context.route(pattern, handler, { times: 1 });

    const texts = Array.from({ length: 30 }, (_, i) => `Đơn ${i + 1}: khách chuyển khoản rồi`);
    for (const text of texts.slice(0, 10)) {
      expect(
        await askBackground(options, 'note', { action: 'add', customerId, text }),
      ).toMatchObject({
        ok: true,
      });
    }
    await wasKilled;
    expect(cutOff, 'mutations in the push the server died on').toBeGreaterThan(0);
    // While it is down, the agent goes on working: these wait in the outbox.
    for (const text of texts.slice(10)) {
      expect(
        await askBackground(options, 'note', { action: 'add', customerId, text }),
      ).toMatchObject({
        ok: true,
      });
    }
    await expect(sidebar(page).getByTestId('kq-sync')).toHaveAttribute(
      'data-sync-state',
      'offline',
      { timeout: 30_000 },
    );

    await server.restart();
    await expect
      .poll(async () => (await localRows(context, 'outbox')).length, { timeout: 90_000 })
      .toBe(0);
    await synced(page);
    const { log } = await expectOnceEach(server, customerId, texts);
    test.info().annotations.push({
      type: 'counts',
      description: `sent ${texts.length}, on the server ${log.filter((c) => c.kind === 'note.add').length} note.add, lost 0, duplicated 0; ${cutOff} in the push the server applied before it was killed`,
    });
  } finally {
    await server.stop();
  }
});

test('the options page closed in the middle of an import: no customer is half-written, and the import is resumed to the end', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const { makeExport } = await import('../../bench/import');
  const { detectHeader } = await import('../../core/import/headers');
  const { planImport } = await import('../../core/import/plan');
  const Papa = (await import('papaparse')).default;
  // 12 batches of 1,000 customers (storage/import.ts IMPORT_BATCH): time to close the page
  // while one is being written.
  const text = makeExport(60_000);
  const file = { name: 'sapo-60k.csv', mimeType: 'text/csv', buffer: Buffer.from(text) };
  const rows = Papa.parse<string[]>(text).data;
  const header = detectHeader(rows);
  if (!header) throw new Error('no header row');
  const plan = planImport(rows, header.row, header.mapping);
  const BATCH = 1000;
  const batchOf = new Map(plan.customers.map((c, i) => [c.key, Math.floor(i / BATCH)]));
  const ordersOf = new Map(plan.customers.map((c) => [c.key, c.orders.length]));

  /** Every customer the import wrote has all its orders, and every order its customer. */
  async function expectWhole(batchesDone: number) {
    const customers = await localRows<{ id: string }>(context, 'customers');
    const orders = await localRows<{ id: string; customerId: string }>(context, 'orders');
    const ids = new Set(customers.map((c) => c.id));
    const perKey = new Map<string, number>();
    for (const o of orders) {
      const key = o.id.split('|')[1] ?? '';
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    // One assertion over all rows (an expect per row costs seconds for 45,000 orders).
    const orphans = orders.filter((o) => !ids.has(o.customerId)).map((o) => o.id);
    expect(orphans, 'orders without their customer').toEqual([]);
    const inBatches = plan.customers.filter((c) => (batchOf.get(c.key) ?? 0) < batchesDone);
    const partial = [...perKey].filter(([key, n]) => n !== ordersOf.get(key));
    expect(partial, 'customers with only some of their orders').toEqual([]);
    expect(
      [...perKey.keys()].filter((key) => (batchOf.get(key) ?? 0) >= batchesDone),
      'orders from a batch that did not commit',
    ).toEqual([]);
    expect(customers.length).toBe(inBatches.length);
    expect(orders.length).toBe(inBatches.reduce((n, c) => n + c.orders.length, 0));
  }

  const { extensionId } = await extensionWorker(context);
  const optionsUrl = `chrome-extension://${extensionId}/options.html`;
  const options = await context.newPage();
  await options.goto(optionsUrl);
  await options.getByTestId('kq-import-file').setInputFiles(file);
  await options.getByTestId('kq-import-start').click();
  // Two batches committed, the third being written: the tab goes away.
  await expect
    .poll(async () => (await countRows(context)).importBatches ?? 0, { intervals: [50] })
    .toBeGreaterThanOrEqual(2);
  await options.close();

  const [job] = await localRows<{ state: string; batchesDone: number; totalBatches: number }>(
    context,
    'importJobs',
  );
  expect(job?.totalBatches).toBe(Math.ceil(plan.customers.length / BATCH));
  expect(job?.batchesDone).toBeLessThan(job?.totalBatches ?? 0);
  expect((await localRows(context, 'importBatches')).length).toBe(job?.batchesDone);
  await expectWhole(job?.batchesDone ?? 0);

  // Opened again: it says what was saved, and the same file goes on from there.
  const again = await context.newPage();
  await again.goto(optionsUrl);
  await expect(again.getByTestId('kq-import-unfinished')).toContainText('sapo-60k.csv');
  await again.getByTestId('kq-import-file').setInputFiles(file);
  await again.getByTestId('kq-import-resume').click();
  const summary = again.getByTestId('kq-import-summary');
  await expect(summary).toHaveAttribute('data-customers', String(plan.customers.length), {
    timeout: 90_000,
  });
  await expect(summary).toHaveAttribute('data-orders', String(plan.orders));
  await expectWhole(job?.totalBatches ?? 0);
  test.info().annotations.push({
    type: 'counts',
    description: `closed after ${job?.batchesDone} of ${job?.totalBatches} batches; ${plan.customers.length} customers, ${plan.orders} orders after the resume`,
  });
});
