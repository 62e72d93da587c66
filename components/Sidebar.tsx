import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import {
  clampWidth,
  DEFAULT_LAYOUT,
  type Dock,
  type DockState,
  MAX_WIDTH,
  MIN_WIDTH,
  reservedWidth,
  TOGGLE_CHORD,
  widthAfterDrag,
  widthAfterKey,
} from '@/core/dock-layout';
import { type Locale, statusLabel, t } from '@/core/i18n';
import type { CatalogLabel } from '@/core/protocol';
import type { Status } from '@/core/status';
import type { SyncStatus } from '@/core/sync/status';
import { DriftReport } from './DriftReport';
import { SidebarBody } from './SidebarBody';
import { SyncLine } from './SyncLine';
import type { SidebarState } from './sidebar-state';

/** What the sidebar may do with labels; answers carry an error message, or null when done. */
export interface LabelActions {
  catalog: () => Promise<CatalogLabel[]>;
  assign: (customerId: string, labelId: string) => Promise<string | null>;
  unassign: (customerId: string, labelId: string) => Promise<string | null>;
  /** Create a label and put it on the customer; absent when the agent's role may not. */
  create?: (customerId: string, name: string) => Promise<string | null>;
}

const DOT: Record<Status, string> = {
  new: 'bg-emerald-500',
  returning: 'bg-sky-500',
  customer: 'bg-indigo-500',
  vip: 'bg-amber-500',
  lapsed: 'bg-rose-500',
  unknown: 'bg-slate-400',
};

export function Sidebar(props: {
  state: SidebarState;
  locale?: Locale;
  /** Builds a censored report of the host page for fixing selector packs. */
  driftReport?: () => string;
  sync?: SyncStatus;
  labels?: LabelActions;
  /** Where the sidebar sits and how wide it is (content-scripts/dock.ts); floats without. */
  dock?: Dock;
}) {
  const locale = props.locale ?? 'vi';
  const { state } = props;
  const [dockState, dock] = useDock(props.dock);
  const { layout, mode } = dockState;
  const collapsed = layout.collapsed;
  const docked = mode === 'docked';
  const status: Status = state.kind === 'view' ? state.view.status : 'unknown';
  // The toggle moves between the header and the rail: keep keyboard focus on it when it
  // was used (the chord leaves focus where the agent types).
  const toggleRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (refocus.current) toggleRef.current?.focus();
    refocus.current = false;
  }, [collapsed]);

  const toggle = (
    <button
      type="button"
      data-testid="kq-toggle"
      class="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100 focus:outline-2 focus:outline-sky-600"
      aria-expanded={!collapsed}
      aria-keyshortcuts={TOGGLE_CHORD}
      title={t(locale, collapsed ? 'dock.expand' : 'dock.collapse', { chord: TOGGLE_CHORD })}
      ref={toggleRef}
      onClick={() => {
        refocus.current = true;
        dock.toggle();
      }}
    >
      <span aria-hidden="true">{collapsed ? '«' : '»'}</span>
      <span class="sr-only">
        {t(locale, collapsed ? 'dock.expand' : 'dock.collapse', { chord: TOGGLE_CHORD })}
      </span>
    </button>
  );

  // The frame has a definite size and layout + size containment: a relayout boundary, so
  // whatever the card does inside is laid out inside it and never dirties the host's layout.
  // Docked, it fills the strip the host left free at the right (content-scripts/dock.ts);
  // floating (no room could be made), it lets clicks through to the host around the card.
  return (
    <div
      data-testid="kq-dock"
      data-dock={mode}
      data-collapsed={collapsed ? 'true' : 'false'}
      style={{ width: `${reservedWidth(layout)}px` }}
      class={`fixed z-[2147483646] [contain:size_layout_style] ${
        docked
          ? 'top-0 right-0 h-screen'
          : 'pointer-events-none top-16 right-2 h-[calc(100vh-5rem)]'
      }`}
    >
      {!collapsed && <ResizeHandle width={layout.width} locale={locale} dock={dock} />}
      <aside
        data-testid="kq-sidebar"
        data-state={state.kind}
        data-customer-id={state.kind === 'view' ? state.view.customerId : undefined}
        aria-label={t(locale, 'app.name')}
        aria-busy={state.kind === 'loading'}
        class={`pointer-events-auto flex flex-col overflow-auto bg-white font-sans text-slate-900 ${
          docked
            ? 'h-full border-l border-slate-300'
            : 'max-h-full rounded-xl border border-slate-300 shadow-md'
        } ${collapsed ? 'items-center gap-3 px-1 py-2' : 'gap-3 p-3'}`}
      >
        {collapsed ? (
          // biome-ignore lint/a11y/useSemanticElements: a named group of a button and a status, not a form (fieldset)
          <div
            data-testid="kq-rail"
            data-status={status}
            role="group"
            aria-label={t(locale, pageChanged(state) ? 'dock.rail-changed' : 'dock.rail', {
              app: t(locale, 'app.name'),
              status: statusLabel(locale, status),
            })}
            class="flex flex-col items-center gap-3"
          >
            {toggle}
            <span aria-hidden="true" class={`h-3 w-3 rounded-full ${DOT[status]}`} />
            <div data-kq-care="count" />
            {pageChanged(state) && (
              <span
                aria-hidden="true"
                data-testid="kq-rail-changed"
                class="rounded-full bg-amber-100 px-1.5 text-xs font-bold text-amber-900 ring-1 ring-amber-400"
              >
                !
              </span>
            )}
            <span
              aria-hidden="true"
              class="rotate-180 text-xs font-semibold whitespace-nowrap text-slate-700 [writing-mode:vertical-rl]"
            >
              {statusLabel(locale, status)}
            </span>
          </div>
        ) : (
          <>
            <header class="flex items-center justify-between gap-2">
              <h2 class="text-sm font-bold text-slate-700">{t(locale, 'app.name')}</h2>
              {toggle}
            </header>
            {!docked && dockState.reason && (
              <p
                data-testid="kq-dock-floating"
                role="status"
                class="rounded-md bg-slate-100 p-2 text-xs text-slate-700"
              >
                {t(
                  locale,
                  dockState.reason === 'dockRoot'
                    ? 'dock.floating-missing'
                    : 'dock.floating-refused',
                )}
              </p>
            )}
            <div data-kq-care="queue" />
            <SidebarBody state={state} locale={locale} labels={props.labels} />
            {props.driftReport && pageChanged(state) && (
              <DriftReport locale={locale} make={props.driftReport} />
            )}
            {props.sync && <SyncLine status={props.sync} locale={locale} />}
          </>
        )}
      </aside>
    </div>
  );
}

/** The left edge: drag it, or focus it and use the arrow keys (Home/End: narrowest/widest). */
function ResizeHandle(props: { width: number; locale: Locale; dock: Dock }) {
  const { dock } = props;
  const drag = useRef<{ x: number; width: number; next: number; frame: number } | null>(null);
  return (
    // An <hr> is a separator; focusable with a value, it is the ARIA window splitter.
    <hr
      data-testid="kq-resize"
      aria-orientation="vertical"
      aria-label={t(props.locale, 'dock.resize')}
      aria-valuenow={props.width}
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      tabIndex={0}
      class="pointer-events-auto absolute top-0 bottom-0 left-0 z-10 m-0 h-full w-1.5 border-0 cursor-col-resize touch-none hover:bg-sky-300/60 focus:bg-sky-500/70 focus:outline-none"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width: props.width, next: props.width, frame: 0 };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        d.next = widthAfterDrag(d.width, d.x, e.clientX);
        // One host relayout per frame at most, however fast the pointer moves.
        if (!d.frame)
          d.frame = requestAnimationFrame(() => {
            d.frame = 0;
            dock.setWidth(d.next, { persist: false });
          });
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        if (!d) return;
        drag.current = null;
        cancelAnimationFrame(d.frame);
        dock.setWidth(widthAfterDrag(d.width, d.x, e.clientX));
      }}
      onPointerCancel={() => {
        const d = drag.current;
        if (!d) return;
        drag.current = null;
        cancelAnimationFrame(d.frame);
        dock.setWidth(d.next);
      }}
      onKeyDown={(e) => {
        const next = widthAfterKey(props.width, e.key);
        if (next === null) return;
        e.preventDefault();
        dock.setWidth(next);
      }}
    />
  );
}

/** The dock's state, kept current; without a dock (unit tests) a local, floating one. */
function useDock(given?: Dock): [DockState, Dock] {
  const local = useMemo(() => (given ? null : memoryDock()), [given]);
  const dock = given ?? (local as Dock);
  const [state, setState] = useState(dock.get());
  useEffect(() => {
    setState(dock.get());
    return dock.subscribe(setState);
  }, [dock]);
  return [state, dock];
}

function memoryDock(): Dock {
  let state: DockState = { layout: { ...DEFAULT_LAYOUT }, mode: 'floating' };
  const listeners = new Set<(s: DockState) => void>();
  const set = (layout: DockState['layout']) => {
    state = { ...state, layout };
    for (const l of listeners) l(state);
  };
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setWidth: (width) => set({ ...state.layout, width: clampWidth(width) }),
    setCollapsed: (collapsed) => set({ ...state.layout, collapsed }),
    toggle: () => set({ ...state.layout, collapsed: !state.layout.collapsed }),
  };
}

function pageChanged(state: SidebarState): boolean {
  return (
    state.kind === 'unsupported' ||
    state.kind === 'unsure' ||
    state.kind === 'error' ||
    (state.kind === 'view' && state.view.health.verdict !== 'ok')
  );
}
