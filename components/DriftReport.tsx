import { useState } from 'preact/hooks';
import { type Locale, t } from '@/core/i18n';

/** Lets the agent copy a censored report of what changed on the host page. */
export function DriftReport(props: { locale: Locale; make: () => string }) {
  const [report, setReport] = useState<string>();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const text = props.make();
    setReport(text);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="space-y-1">
      <button
        type="button"
        data-testid="kq-drift-copy"
        onClick={() => void copy()}
        class="rounded-md border border-amber-300 px-2 py-1 text-xs text-amber-900 hover:bg-amber-50 focus:outline-2 focus:outline-sky-600"
      >
        {t(props.locale, 'drift.copy')}
      </button>
      {report !== undefined && (
        <>
          <p class="text-xs text-slate-600" role="status">
            {t(props.locale, copied ? 'drift.copied' : 'drift.manual')}
          </p>
          <textarea
            data-testid="kq-drift-report"
            readOnly
            value={report}
            class="h-32 w-full rounded border border-slate-300 p-1 font-mono text-[10px]"
          />
        </>
      )}
    </div>
  );
}
