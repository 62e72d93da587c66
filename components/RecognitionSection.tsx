// The shop's recognition settings on the options page: when a customer counts as lapsed,
// what makes a VIP (RFM score, recency, label names), and whether message texts are kept.
import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import type { RecognitionSettings } from '@/core/settings';
import { sendMessage } from '@/utils/messaging';

const input = 'mt-1 block w-28 rounded-md border border-slate-300 px-2 py-1';

/** The whole-number thresholds, with the ranges core/settings.ts accepts. */
const NUMBERS = [
  { key: 'lapsedAfterDays', label: 'recog.lapsed', testId: 'kq-recog-lapsed', min: 1, max: 3650 },
  {
    key: 'vipMinRfmScore',
    label: 'recog.vip-score',
    testId: 'kq-recog-vip-score',
    min: 3,
    max: 15,
  },
  {
    key: 'vipMinRecencyScore',
    label: 'recog.vip-recency',
    testId: 'kq-recog-vip-recency',
    min: 1,
    max: 5,
  },
] as const;

export function RecognitionSection(props: { locale: Locale; editable: boolean }) {
  const { locale, editable } = props;
  const [settings, setSettings] = useState<RecognitionSettings | null>(null);
  const [keepText, setKeepText] = useState(false);
  const [labels, setLabels] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void sendMessage('getRecognition', undefined).then((r) => {
      setSettings(r.settings);
      setLabels(r.settings.vipLabels.join(', '));
      setKeepText(r.keepText);
    });
  }, []);
  if (!settings) return null;

  const save = async (e: Event) => {
    e.preventDefault();
    const r = await sendMessage('saveRecognition', {
      lapsedAfterDays: settings.lapsedAfterDays,
      vipMinRfmScore: settings.vipMinRfmScore,
      vipMinRecencyScore: settings.vipMinRecencyScore,
      vipLabels: labels
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    });
    setMessage(
      r.ok
        ? { ok: true, text: t(locale, 'recog.saved') }
        : { ok: false, text: t(locale, 'recog.failed', { reason: r.error }) },
    );
  };
  const toggleKeep = async (keep: boolean) => {
    if (!keep && !window.confirm(t(locale, 'recog.keep-off-confirm'))) return;
    const r = await sendMessage('setKeepText', { keep });
    if (r.ok) setKeepText(keep);
    else setMessage({ ok: false, text: t(locale, 'recog.failed', { reason: r.error }) });
  };
  const number = (key: 'lapsedAfterDays' | 'vipMinRfmScore' | 'vipMinRecencyScore') => (e: Event) =>
    setSettings({ ...settings, [key]: Number((e.currentTarget as HTMLInputElement).value) });

  return (
    <section
      data-testid="kq-recog"
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 class="text-base font-semibold">{t(locale, 'recog.title')}</h2>
      <form class="space-y-3" onSubmit={save}>
        <fieldset disabled={!editable} class="flex flex-wrap gap-4 text-sm">
          {NUMBERS.map((f) => (
            <label key={f.key}>
              {t(locale, f.label)}
              <input
                data-testid={f.testId}
                type="number"
                min={f.min}
                max={f.max}
                class={input}
                value={settings[f.key]}
                onInput={number(f.key)}
              />
            </label>
          ))}
          <label class="min-w-60 flex-1">
            {t(locale, 'recog.vip-labels')}
            <input
              data-testid="kq-recog-vip-labels"
              class="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
              value={labels}
              onInput={(e) => setLabels(e.currentTarget.value)}
            />
          </label>
        </fieldset>
        {editable && (
          <button
            type="submit"
            data-testid="kq-recog-save"
            class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800"
          >
            {t(locale, 'recog.save')}
          </button>
        )}
      </form>
      <label class="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          data-testid="kq-recog-keep-text"
          class="mt-1"
          checked={keepText}
          disabled={!editable}
          onChange={(e) => void toggleKeep(e.currentTarget.checked)}
        />
        <span>
          {t(locale, 'recog.keep-text')}
          <span class="block text-xs text-slate-600">{t(locale, 'recog.keep-text-help')}</span>
        </span>
      </label>
      {message && (
        <p
          data-testid="kq-recog-message"
          role={message.ok ? 'status' : 'alert'}
          class={`text-sm ${message.ok ? 'text-emerald-800' : 'text-rose-800'}`}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
