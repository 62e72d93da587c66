import { type Locale, t } from '@/core/i18n';
import type { Health } from '@/core/snapshot';

/** The adapter's verdict, said plainly when it is not `ok` (kept in the DOM for tests). */
export function HealthNotice(props: { health: Health; locale: Locale }) {
  const { health, locale } = props;
  const text =
    health.verdict === 'ok'
      ? t(locale, 'health.ok')
      : health.verdict === 'degraded'
        ? t(locale, 'health.degraded', { missing: health.missing.join(', '), lost: health.lost })
        : t(locale, 'health.unsupported', { reason: health.reason });
  return (
    <p
      data-testid="kq-health"
      data-health={health.verdict}
      role={health.verdict === 'ok' ? undefined : 'status'}
      class={
        health.verdict === 'ok'
          ? 'sr-only'
          : 'rounded-md bg-amber-50 p-2 text-xs text-amber-900 ring-1 ring-amber-300'
      }
    >
      {text}
    </p>
  );
}
