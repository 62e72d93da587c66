import { formatClock, type Locale, t } from '@/core/i18n';
import type { SyncStatus } from '@/core/sync/status';

const TONE: Record<SyncStatus['state'], string> = {
  local: 'bg-slate-400',
  synced: 'bg-emerald-500',
  pending: 'bg-sky-500',
  offline: 'bg-amber-500',
  error: 'bg-rose-600',
};

export function syncText(locale: Locale, s: SyncStatus): string {
  switch (s.state) {
    case 'local':
      return t(locale, 'sync.local');
    case 'synced':
      return t(locale, 'sync.synced');
    case 'pending':
      return t(locale, 'sync.pending', { count: s.count });
    case 'offline':
      return t(locale, 'sync.offline', {
        count: s.count,
        time: formatClock(locale, s.retryAt, 'time'),
      });
    case 'error':
      return t(locale, 'sync.error', { reason: s.reason });
  }
}

/** One line at the foot of the sidebar: is what I see shared with the team? */
export function SyncLine(props: { status: SyncStatus; locale: Locale }) {
  const { status, locale } = props;
  return (
    <p
      data-testid="kq-sync"
      data-sync-state={status.state}
      role={status.state === 'error' ? 'alert' : 'status'}
      class="flex items-center gap-1.5 border-t border-slate-200 pt-2 text-xs text-slate-600"
    >
      <span class={`h-2 w-2 shrink-0 rounded-full ${TONE[status.state]}`} aria-hidden="true" />
      {syncText(locale, status)}
    </p>
  );
}
