// Pipeline stage and loyalty tier (issue 9), next to the badge: the tier with what is
// missing for the next one (a talking point), and the stage as a chip that opens the
// shop's stages on one click (a native menu: keyboard and screen readers for free).
// Alt+Shift+→ moves to the next stage (content-scripts/sidebar-keys.ts).
import { useState } from 'preact/hooks';
import type { CustomerView } from '@/core/customer-view';
import { formatMoney, type Locale, t } from '@/core/i18n';
import { useSidebar } from './sidebar-context';

/** "350.000đ" in Vietnamese (how sellers write it), the currency format otherwise. */
const money = (locale: Locale, vnd: number) =>
  locale === 'vi' ? `${vnd.toLocaleString('vi-VN')}đ` : formatMoney(locale, vnd);

export function StageTier(props: { view: CustomerView; locale: Locale }) {
  const { actions } = useSidebar();
  const { view, locale } = props;
  const { tier, stage, stages } = view;
  const [error, setError] = useState('');
  const next = tier?.next;
  return (
    <div class="flex flex-wrap items-center gap-1.5 text-xs">
      {tier && (
        <span
          data-testid="kq-tier"
          data-tier={tier.id}
          class="rounded-full bg-amber-50 px-2 py-0.5 font-medium text-amber-900 ring-1 ring-amber-300"
        >
          {t(locale, 'tier.label', { tier: tier.name })}
        </span>
      )}
      {next && (
        <span data-testid="kq-tier-next" class="text-slate-600">
          {next.missing > 0
            ? t(locale, 'tier.next', { amount: money(locale, next.missing), tier: next.name })
            : t(locale, 'tier.next-orders', { orders: next.missingOrders ?? 0, tier: next.name })}
        </span>
      )}
      {stage && stages && (
        <select
          data-testid="kq-stage"
          data-stage={stage.id}
          aria-label={t(locale, 'stage.menu')}
          title={t(locale, 'stage.hint')}
          value={stage.id}
          class="rounded-full bg-violet-50 px-2 py-0.5 font-medium text-violet-900 ring-1 ring-violet-300 focus:outline-2 focus:outline-sky-600"
          onChange={async (e) => {
            const r = await actions?.setStage(view.customerId, e.currentTarget.value);
            setError(r && !r.ok ? t(locale, 'stage.failed', { reason: r.error }) : '');
          }}
        >
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      {error && (
        <p role="alert" class="w-full text-rose-800">
          {error}
        </p>
      )}
    </div>
  );
}
