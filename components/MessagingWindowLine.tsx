import { formatClock, type Locale, t } from '@/core/i18n';
import { messagingWindow, splitRemaining } from '@/core/messaging-window';
import { useSidebar } from './sidebar-context';

/** Time left in Meta's 24-hour window, from the open thread's own timestamps. */
export function MessagingWindowLine(props: { locale: Locale }) {
  const { thread, now } = useSidebar();
  if (!thread) return null;
  const w = messagingWindow(thread.platform, thread.messages, now);
  if (w.state === 'none') return null;
  const { locale } = props;
  let text: string;
  let tone: string;
  if (w.state === 'unknown') {
    text = t(locale, 'window.unknown');
    tone = 'text-slate-500';
  } else if (w.state === 'closed') {
    text = t(locale, 'window.closed', { time: formatClock(locale, w.closedAt, 'short') });
    tone = 'bg-rose-50 text-rose-900 ring-1 ring-rose-300 rounded-md p-2';
  } else {
    text = t(locale, w.state === 'closing' ? 'window.closing' : 'window.open', {
      ...splitRemaining(w.remainingMs),
    });
    tone =
      w.state === 'closing'
        ? 'bg-amber-50 text-amber-900 ring-1 ring-amber-300 rounded-md p-2'
        : 'text-slate-600';
  }
  return (
    <p
      data-testid="kq-window"
      data-window-state={w.state}
      role={w.state === 'closing' || w.state === 'closed' ? 'status' : undefined}
      class={`text-xs ${tone}`}
    >
      {text}
    </p>
  );
}
