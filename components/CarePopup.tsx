// The popup's content: the care queue for this agent; a manager (or owner) connected to a
// team server can switch to everyone's overdue items.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { ct } from '@/core/i18n-care';
import { sendMessage } from '@/utils/messaging';
import { CareQueueList } from './CareQueue';
import { careStore } from './care-store';

export function CarePopup(props: { locale: Locale }) {
  const { locale } = props;
  const [scope, setScope] = useState<'mine' | 'team'>('mine');
  const [manager, setManager] = useState(false);
  useEffect(() => {
    sendMessage('syncOverview', undefined).then(
      (o) => setManager(o.connection !== null && o.connection.me.role !== 'agent'),
      () => setManager(false),
    );
  }, []);
  const store = useMemo(() => careStore(scope), [scope]);
  return (
    <main data-testid="kq-popup" class="space-y-2 p-3 font-sans text-slate-900">
      {manager && (
        <div class="flex gap-1" data-testid="kq-care-scope">
          {(['mine', 'team'] as const).map((s) => (
            <button
              key={s}
              type="button"
              data-scope={s}
              aria-pressed={scope === s}
              class={`rounded-full px-2 py-0.5 text-xs ring-1 focus:outline-2 focus:outline-sky-600 ${
                scope === s
                  ? 'bg-sky-700 text-white ring-sky-700'
                  : 'text-slate-700 ring-slate-300 hover:bg-slate-100'
              }`}
              onClick={() => setScope(s)}
            >
              {ct(locale, `scope.${s}`)}
            </button>
          ))}
        </div>
      )}
      <CareQueueList key={scope} store={store} locale={locale} scope={scope} />
    </main>
  );
}
