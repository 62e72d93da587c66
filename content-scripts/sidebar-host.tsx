// Mounts the sidebar in a shadow root and keeps it in step with the adapter's readings.
// Production uses a closed shadow root so the host page's scripts cannot read customer
// data; the e2e build opens it for automation (the only difference, see wxt.config.ts).
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { Sidebar } from '@/components/Sidebar';
import { SidebarContext } from '@/components/sidebar-context';
import { type SidebarState, shownViewKey } from '@/components/sidebar-state';
import type { CustomerView } from '@/core/customer-view';
import { addLocale, hasLocale, type Locale, parseStrings } from '@/core/i18n';
import type { ReplySuggestion } from '@/core/reply-suggestion';
import { type Result, refusal } from '@/core/result';
import type { SyncStatus } from '@/core/sync/status';
import { checkInsertReply, checkViewAnswer, isSyncStatus } from '@/core/wire-checks';
import type { CareMount } from '@/entrypoints/care-panel';
import { onMessage, sendMessage } from '@/utils/messaging';
import { portResolver, RESOLVE_PORT } from '@/utils/resolve-port';
import { readLocale, watchLocale } from '@/utils/ui-locale';
import type { PlatformAdapter, Reading } from './adapter';
import { insertIntoComposer } from './composer';
import { watchConversation } from './conversation-watcher';
import { startDock } from './dock';
import { driftReport } from './drift-report';
import { makeLabelActions, makePanelActions } from './panel-actions';
import { mountShadowUi } from './shadow-ui';
import { chordOf } from './sidebar-keys';
import { watchSlashShortcuts } from './slash-shortcuts';

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
  let locale: Locale = 'vi';
  const makeDriftReport = () =>
    driftReport({
      site: adapter.site,
      pack: adapter.pack(),
      health: healthLine(state),
      root: adapter.driftRoot() ?? document.body,
    });
  const paint = () => {
    if (!root) return;
    const thread = lastReading
      ? { platform: lastReading.snapshot.platform, messages: lastReading.snapshot.messages }
      : undefined;
    render(
      <SidebarContext.Provider
        value={{ actions: panelActions, now: Date.now(), ...(thread ? { thread } : {}) }}
      >
        <Sidebar
          state={state}
          locale={locale}
          driftReport={makeDriftReport}
          sync={sync}
          labels={labels.now()}
          dock={dock}
        />
      </SidebarContext.Provider>,
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
  const labels = makeLabelActions(afterEdit, paint);
  const onKey = (e: KeyboardEvent) => {
    const chord = chordOf(e);
    if (!chord || state.kind !== 'view' || state.view.idConfidence !== 'strong') return;
    // Alt+Shift+→ selects the next word while typing (Option+Shift+→ on a Mac): in a text
    // field it stays the editor's. Replies and labels are meant for the composer.
    if (chord.kind === 'stage' && isEditable(e.target)) return;
    const reply = chord.kind === 'reply' ? replyAt(state.view, chord.index) : undefined;
    if (chord.kind === 'reply' && !reply) return;
    // Ours while a customer is on screen: the host and the browser never see the chord.
    e.preventDefault();
    e.stopPropagation();
    if (reply) void insertReply(reply.templateId, reply.text);
    else if (chord.kind === 'stage') {
      const { stages = [], stage, customerId } = state.view;
      const next = stages[stages.findIndex((s) => s.id === stage?.id) + 1];
      if (next) void panelActions.setStage(customerId, next.id);
    } else void labels.toggle(state.view, chord.index);
  };
  window.addEventListener('keydown', onKey, true);
  ctx.onInvalidated(() => window.removeEventListener('keydown', onKey, true));

  // "/ship" + Space in the host composer: the key must be taken or left at once, so the
  // shortcuts are known ahead (refreshed each minute: the options page may change them).
  let shortcuts: ReadonlySet<string> = new Set();
  const loadShortcuts = async () => {
    try {
      const [settings, templates] = await Promise.all([
        sendMessage('getReplySettings', undefined),
        sendMessage('listTemplates', undefined),
      ]);
      shortcuts = settings.slashShortcuts
        ? new Set(templates.flatMap((t) => (t.shortcut ? [t.shortcut.toLowerCase()] : [])))
        : new Set();
    } catch {
      // the worker is restarting: keep what we had
    }
  };
  void loadShortcuts();
  const shortcutTimer = setInterval(() => void loadShortcuts(), 60_000);
  ctx.onInvalidated(() => clearInterval(shortcutTimer));
  ctx.onInvalidated(
    watchSlashShortcuts(document, {
      composer: () => (state.kind === 'view' ? adapter.composer() : null),
      known: () => shortcuts,
      expand: async (shortcut) => {
        if (state.kind !== 'view' || state.view.idConfidence !== 'strong') return null;
        const { customerId, status, replyIntents } = state.view;
        const r = await sendMessage('expandShortcut', { customerId, shortcut }).catch(refusal);
        if (!r.ok) return null;
        sendMessage('replyUsed', {
          templateId: r.templateId,
          status,
          intents: replyIntents ?? [],
        }).catch(() => {});
        return r.text;
      },
    }),
  );

  // A reply goes into the host composer only on the agent's click or Alt+digit; never sent.
  const insertReply = async (templateId: string, text: string): Promise<Result> => {
    if (state.kind !== 'view') return { ok: false, error: 'no confirmed conversation is open' };
    const r = insertIntoComposer(adapter.composer(), text);
    if (!r.ok) return r;
    // Used in this context (status + what the customer asked): it rises there next time.
    const { status, replyIntents } = state.view;
    sendMessage('replyUsed', { templateId, status, intents: replyIntents ?? [] }).catch(() => {});
    return { ok: true };
  };
  const panelActions = makePanelActions(afterEdit, insertReply);
  // The messaging window counts down: repaint once a minute while a customer is on screen.
  const tick = setInterval(() => {
    if (state.kind === 'view') paint();
  }, 60_000);
  ctx.onInvalidated(() => clearInterval(tick));

  const ui = await mountShadowUi({
    name: 'khach-quen-sidebar',
    entry: adapter.site,
    mode: __KQ_SHADOW_MODE__,
    signal: ctx.signal,
  });
  root = document.createElement('div');
  ui.container.append(root);
  paint();
  // The care panel (issue 9): its own chunk, drawn into the sidebar's data-kq-care slots.
  import(/* @vite-ignore */ browser.runtime.getURL('/care-panel.js')).then(
    () =>
      ctx.onInvalidated(
        (globalThis as { kqCare?: CareMount }).kqCare?.(ui.container, adapter) ?? (() => {}),
      ),
    () => {},
  );
  ctx.onInvalidated(() => {
    if (root) render(null, root);
  });

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
      // Validated in full by the background; here only what rendering needs (no zod).
      const checked = checkViewAnswer(answer);
      if (seq !== latest) return;
      if (!checked.ok) return setState({ kind: 'error', message: checked.error });
      const nextShown = shownViewKey(checked.value);
      const same = state.kind === 'view' && viewKey === key && shownKey === nextShown;
      viewKey = key;
      shownKey = nextShown;
      if (!same) setState({ kind: 'view', view: checked.value });
    } catch (error) {
      if (seq === latest)
        setState({ kind: 'error', message: String((error as Error).message ?? error) });
    }
  };

  watchConversation(adapter, (r) => void onReading(r), ctx.signal, { ownHost: ui.host });

  // Only the extension itself can message a tab; still, validate like any other input.
  const stopInsert = onMessage('insertReply', ({ data }) => {
    const checked = checkInsertReply(data);
    if (!checked.ok) return { ok: false, error: checked.error };
    if (state.kind !== 'view') return { ok: false, error: 'no confirmed conversation is open' };
    return insertIntoComposer(adapter.composer(), checked.value.text);
  });
  ctx.onInvalidated(stopInsert);

  // Team sync: show its state, and re-read the open customer when a teammate changed them.
  const showSync = (input: unknown) => {
    if (!isSyncStatus(input) || JSON.stringify(input) === JSON.stringify(sync)) return;
    sync = input;
    paint();
    // Connecting or disconnecting changes who owns the label catalog.
    void labels.checkRole();
  };
  sendMessage('getSyncStatus', undefined).then(showSync, () => {});
  const showLocale = async (next: Locale) => {
    // English is not in this bundle: the background hands it over the first time.
    if (!hasLocale(next)) {
      const strings = parseStrings(
        await sendMessage('getStrings', { locale: 'en' }).catch(() => null),
      );
      if (!strings) return;
      addLocale(next, strings);
    }
    if (next === locale) return;
    locale = next;
    paint();
  };
  void readLocale().then(showLocale);
  ctx.onInvalidated(watchLocale((l) => void showLocale(l)));
  void labels.checkRole();
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

/** Typing happens here: an input, a textarea or a contenteditable (the host composers). */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
}

/** The view's ranked reply at `index` (Alt+1 is the first), if there is one. */
function replyAt(view: CustomerView, index: number): ReplySuggestion | undefined {
  return view.replies?.[index];
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
