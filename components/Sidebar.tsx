import { useState } from 'preact/hooks';
import { type Locale, t } from '@/core/i18n';
import type { CatalogLabel } from '@/core/protocol';
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

export function Sidebar(props: {
  state: SidebarState;
  locale?: Locale;
  /** Builds a censored report of the host page for fixing selector packs. */
  driftReport?: () => string;
  sync?: SyncStatus;
  labels?: LabelActions;
}) {
  const locale = props.locale ?? 'vi';
  const { state } = props;
  const [collapsed, setCollapsed] = useState(false);

  // The fixed frame has a definite size and layout + size containment: a relayout
  // boundary, so whatever the card does inside (new answer, collapse) is laid out inside it
  // and never dirties the host page's layout. It lets clicks through to the host; the card
  // takes them.
  return (
    <div class="pointer-events-none fixed top-16 right-2 z-[2147483646] h-[calc(100vh-5rem)] w-72 [contain:size_layout_style] [will-change:transform]">
      <aside
        data-testid="kq-sidebar"
        data-state={state.kind}
        data-customer-id={state.kind === 'view' ? state.view.customerId : undefined}
        aria-label={t(locale, 'app.name')}
        aria-busy={state.kind === 'loading'}
        class={`pointer-events-auto ml-auto flex max-h-full flex-col gap-3 overflow-auto rounded-xl border border-slate-300 bg-white p-3 font-sans text-slate-900 shadow-md ${collapsed ? 'w-14' : 'w-72'}`}
      >
        <header class="flex items-center justify-between gap-2">
          {!collapsed && <h2 class="text-sm font-bold text-slate-700">{t(locale, 'app.name')}</h2>}
          <button
            type="button"
            class="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100 focus:outline-2 focus:outline-sky-600"
            aria-expanded={!collapsed}
            onClick={() => setCollapsed(!collapsed)}
          >
            {collapsed ? '«' : '»'}
            <span class="sr-only">
              {t(locale, collapsed ? 'sidebar.expand' : 'sidebar.collapse')}
            </span>
          </button>
        </header>
        {!collapsed && <SidebarBody state={state} locale={locale} labels={props.labels} />}
        {!collapsed && props.driftReport && pageChanged(state) && (
          <DriftReport locale={locale} make={props.driftReport} />
        )}
        {!collapsed && props.sync && <SyncLine status={props.sync} locale={locale} />}
      </aside>
    </div>
  );
}

function pageChanged(state: SidebarState): boolean {
  return (
    state.kind === 'unsupported' ||
    state.kind === 'unsure' ||
    state.kind === 'error' ||
    (state.kind === 'view' && state.view.health.verdict !== 'ok')
  );
}
