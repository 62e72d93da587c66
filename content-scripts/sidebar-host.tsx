// Mounts the sidebar in a shadow root and keeps it in step with the adapter's readings.
// Production uses a closed shadow root so the host page's scripts cannot read customer
// data; the e2e build opens it for automation (the only difference, see wxt.config.ts).
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { type LabelActions, Sidebar } from '@/components/Sidebar';
import { type SidebarState, shownViewKey } from '@/components/sidebar-state';
import { CustomerViewSchema } from '@/core/customer-view';
import { describeIssues, InsertReplySchema } from '@/core/protocol';
import { type SyncStatus, SyncStatusSchema } from '@/core/sync/status';
import { onMessage, sendMessage } from '@/utils/messaging';
import { portResolver, RESOLVE_PORT } from '@/utils/resolve-port';
import type { PlatformAdapter, Reading } from './adapter';
import { insertIntoComposer } from './composer';
import { watchConversation } from './conversation-watcher';
import { startDock } from './dock';
import { driftReport } from './drift-report';

declare const __KQ_SHADOW_MODE__: 'open' | 'closed';

/** Longer than the watcher's slow re-check (1 s), so that path has had its say. */
const UNSURE_AFTER_MS = 2500;

export async function mountSidebar(ctx: ContentScriptContext, adapter: PlatformAdapter) {
  // Room at the right of the host for the sidebar, at the remembered width (before the
  // first paint, so the host narrows once).
  const dock = await startDock({
    site: adapter.site,
    pack: () => adapter.pack(),
    signal: ctx.signal,
  });
  let root: HTMLElement | undefined;
  let state: SidebarState = { kind: 'loading', reason: 'starting' };
  let sync: SyncStatus | undefined;
  let lastReading: Extract<Reading, { kind: 'snapshot' }> | undefined;
  const makeDriftReport = () =>
    driftReport({
      site: adapter.site,
      pack: adapter.pack(),
      health: healthLine(state),
      root: adapter.driftRoot() ?? document.body,
    });
  const paint = () => {
    if (root)
      render(
        <Sidebar
          state={state}
          driftReport={makeDriftReport}
          sync={sync}
          labels={labelActions}
          dock={dock}
        />,
        root,
      );
  };
  const setState = (next: SidebarState) => {
    state = next;
    paint();
  };

  // Label edits go to the background; the fresh view comes back through a re-resolve.
  const afterEdit = async (r: { ok: true } | { ok: false; error: string }) => {
    if (!r.ok) return r.error;
    if (lastReading) await onReading(lastReading);
    return null;
  };
  const labelActions: LabelActions = {
    catalog: () => sendMessage('listLabels', undefined),
    assign: async (customerId, labelId) =>
      afterEdit(await sendMessage('assignLabel', { customerId, labelId })),
    unassign: async (customerId, labelId) =>
      afterEdit(await sendMessage('unassignLabel', { customerId, labelId })),
  };

  const ui = await createShadowRootUi(ctx, {
    name: 'khach-quen-sidebar',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    mode: __KQ_SHADOW_MODE__,
    // Keys typed in our inputs must not reach the host's shortcuts.
    isolateEvents: true,
    onMount(container) {
      root = document.createElement('div');
      container.append(root);
      paint();
      return root;
    },
    onRemove(mounted) {
      if (mounted) render(null, mounted);
    },
  });
  ui.mount();

  // Only the answer to the latest reading may paint: an older, slower answer would put the
  // previous customer under the new conversation.
  const resolver = portResolver(() => {
    const port = browser.runtime.connect({ name: RESOLVE_PORT });
    // Reading lastError marks the disconnect (the worker stopped) as handled.
    port.onDisconnect.addListener(() => void browser.runtime.lastError);
    return port;
  });
  ctx.onInvalidated(() => resolver.close());
  let latest = 0;
  let viewKey = '';
  /** shownViewKey of the view on screen: an answer that shows the same is not repainted. */
  let shownKey = '';
  let unsureTimer: ReturnType<typeof setTimeout> | undefined;
  ctx.onInvalidated(() => clearTimeout(unsureTimer));
  const onReading = async (reading: Reading) => {
    const seq = ++latest;
    clearTimeout(unsureTimer);
    lastReading = reading.kind === 'snapshot' ? reading : undefined;
    if (reading.kind === 'pending') {
      if (state.kind !== 'loading') setState({ kind: 'loading', reason: reading.reason });
      // A switch settles in well under a second. Facts that still disagree after the slow
      // re-check are a site change: say so instead of "loading" forever.
      unsureTimer = setTimeout(() => {
        if (seq === latest) setState({ kind: 'unsure', reason: reading.reason });
      }, UNSURE_AFTER_MS);
      return;
    }
    if (reading.kind === 'unsupported') {
      return setState({
        kind: 'unsupported',
        health: { verdict: 'unsupported', reason: reading.reason },
      });
    }
    const key = identityKey(reading);
    if (state.kind !== 'view' || key !== viewKey)
      setState({ kind: 'loading', reason: 'switching' });
    try {
      const answer = await resolver.resolve(reading.snapshot);
      const parsed = CustomerViewSchema.safeParse(answer);
      if (seq !== latest) return;
      if (!parsed.success) {
        return setState({ kind: 'error', message: `bad answer: ${describeIssues(parsed.error)}` });
      }
      const nextShown = shownViewKey(parsed.data);
      const same = state.kind === 'view' && viewKey === key && shownKey === nextShown;
      viewKey = key;
      shownKey = nextShown;
      if (!same) setState({ kind: 'view', view: parsed.data });
    } catch (error) {
      if (seq === latest)
        setState({ kind: 'error', message: String((error as Error).message ?? error) });
    }
  };

  watchConversation(adapter, (r) => void onReading(r), ctx.signal, { ownHost: ui.shadowHost });

  // Only the extension itself can message a tab; still, validate like any other input.
  const stopInsert = onMessage('insertReply', ({ data }) => {
    const parsed = InsertReplySchema.safeParse(data);
    if (!parsed.success)
      return { ok: false, error: `bad insertReply: ${describeIssues(parsed.error)}` };
    if (state.kind !== 'view') return { ok: false, error: 'no confirmed conversation is open' };
    return insertIntoComposer(adapter.composer(), parsed.data.text);
  });
  ctx.onInvalidated(stopInsert);

  // Team sync: show its state, and re-read the open customer when a teammate changed them.
  const showSync = (input: unknown) => {
    const parsed = SyncStatusSchema.safeParse(input);
    if (!parsed.success || JSON.stringify(parsed.data) === JSON.stringify(sync)) return;
    sync = parsed.data;
    paint();
  };
  sendMessage('getSyncStatus', undefined).then(showSync, () => {});
  const stopStatus = onMessage('syncStatusChanged', ({ data }) => showSync(data));
  const stopChanged = onMessage('dataChanged', ({ data }) => {
    if (state.kind !== 'view' || !lastReading) return;
    const ids = Array.isArray(data?.customerIds) ? data.customerIds : [];
    if (data?.labels === true || ids.includes(state.view.customerId)) void onReading(lastReading);
  });
  ctx.onInvalidated(() => {
    stopStatus();
    stopChanged();
  });
}

function identityKey(reading: Extract<Reading, { kind: 'snapshot' }>): string {
  const { platform, accountId, externalId } = reading.snapshot;
  return `${platform}|${accountId}|${externalId}`;
}

function healthLine(state: SidebarState): string {
  if (state.kind === 'view') {
    const h = state.view.health;
    return h.verdict === 'degraded'
      ? `degraded: missing ${h.missing.join(', ')} (${h.lost})`
      : h.verdict;
  }
  if (state.kind === 'unsupported') return `unsupported: ${state.health.reason}`;
  return state.kind === 'error' ? `error: ${state.message}` : state.kind;
}
