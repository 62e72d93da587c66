// "Chăm sóc khách" on the options page (issue 9): each care rule on/off, its days and
// template, the response target and opening hours for `unanswered`, and quiet hours for
// notifications. The background validates (storage/care.ts); a refusal is shown next to
// the field it names.
import { useEffect, useState } from 'preact/hooks';
import { CARE_RULE_KEYS, type CareRuleKey, type CareRules } from '@/core/care/rules';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import { refusal } from '@/core/protocol';
import { sendMessage } from '@/utils/messaging';

const input = 'mt-1 block rounded-md border border-slate-300 px-2 py-1';

/** Which field each message of a refusal names (`thankYou.days must be …`). */
export function errorsByField(error: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const message of error.split('; ')) {
    const field = /^([A-Za-z]+(?:\.[A-Za-z]+)?)\b/.exec(message)?.[1] ?? '(root)';
    out[field] = out[field] ? `${out[field]}; ${message}` : message;
  }
  return out;
}

export function CareRulesSection(props: { locale: Locale; editable: boolean }) {
  const { locale, editable } = props;
  const [rules, setRules] = useState<CareRules | null>(null);
  const [templates, setTemplates] = useState<{ id: string; title: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void sendMessage('getCareRules', undefined).then(
      (r) => {
        setRules(r.rules);
        setTemplates(r.templates);
      },
      () => {},
    );
  }, []);
  if (!rules) return null;

  const set = <K extends keyof CareRules>(key: K, part: Partial<CareRules[K]>) =>
    setRules({ ...rules, [key]: { ...(rules[key] as object), ...part } });
  const fieldError = (field: string) =>
    errors[field] ? (
      <span
        data-testid="kq-care-rules-error"
        data-field={field}
        role="alert"
        class="mt-1 block text-xs text-rose-800"
      >
        {t(locale, 'care.failed', { reason: errors[field] })}
      </span>
    ) : null;

  const save = async (e: Event) => {
    e.preventDefault();
    const { utcOffsetMinutes: _shopClock, ...edited } = rules;
    const r = await sendMessage('saveCareRules', edited).catch(refusal);
    if (r.ok) {
      setRules(r.rules);
      setErrors({});
      setMessage({ ok: true, text: t(locale, 'care.saved') });
      return;
    }
    const byField = errorsByField(r.error);
    setErrors(byField);
    setMessage({ ok: false, text: t(locale, 'care.failed', { reason: r.error }) });
  };

  const days = (key: 'thankYou' | 'checkIn') => (
    <label class="text-xs">
      {t(locale, 'care.days')}
      <input
        type="number"
        data-testid="kq-care-rule-days"
        class={`${input} w-20`}
        value={rules[key].days}
        onInput={(e) => set(key, { days: Number(e.currentTarget.value) })}
      />
      {fieldError(`${key}.days`)}
    </label>
  );
  const template = (key: Exclude<CareRuleKey, 'reminder'>) => {
    const current = rules[key].templateId ?? '';
    const known = templates.some((tpl) => tpl.id === current);
    return (
      <label class="text-xs">
        {t(locale, 'care.template')}
        <select
          data-testid="kq-care-rule-template"
          class={`${input} max-w-56`}
          value={current}
          onChange={(e) => set(key, { templateId: e.currentTarget.value })}
        >
          {!known && <option value={current}>{current || '—'}</option>}
          {templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.title}
            </option>
          ))}
        </select>
        {fieldError(`${key}.templateId`)}
      </label>
    );
  };
  const time = (key: 'openingHours' | 'quietHours', end: 'from' | 'to', testId: string) => (
    <label class="text-xs">
      {t(locale, end === 'from' ? 'care.from' : 'care.to')}
      <input
        type="time"
        data-testid={testId}
        class={input}
        value={rules[key][end]}
        onInput={(e) => set(key, { [end]: e.currentTarget.value })}
      />
      {fieldError(`${key}.${end}`)}
    </label>
  );

  return (
    <section
      data-testid="kq-care-rules"
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 class="text-base font-semibold">{t(locale, 'care.title')}</h2>
      <p class="text-sm text-slate-600">{t(locale, 'care.help')}</p>
      {!editable && <p class="text-sm text-slate-600">{t(locale, 'care.readonly')}</p>}
      <form class="space-y-3" onSubmit={save}>
        <fieldset disabled={!editable} class="space-y-3 text-sm">
          {CARE_RULE_KEYS.map((key) => (
            <div
              key={key}
              data-testid="kq-care-rule"
              data-rule={key}
              class="flex flex-wrap items-end gap-3 border-b border-slate-100 pb-2"
            >
              <label class="flex min-w-52 items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  data-testid="kq-care-rule-on"
                  checked={rules[key].on}
                  onChange={(e) => set(key, { on: e.currentTarget.checked })}
                />
                {t(locale, `care.rule.${key}`)}
              </label>
              {(key === 'thankYou' || key === 'checkIn') && days(key)}
              {key === 'unanswered' && (
                <label class="text-xs">
                  {t(locale, 'care.minutes')}
                  <input
                    type="number"
                    data-testid="kq-care-rule-minutes"
                    class={`${input} w-20`}
                    value={rules.unanswered.minutes}
                    onInput={(e) => set('unanswered', { minutes: Number(e.currentTarget.value) })}
                  />
                  {fieldError('unanswered.minutes')}
                </label>
              )}
              {key !== 'reminder' && template(key)}
            </div>
          ))}
          <div class="flex flex-wrap items-end gap-3">
            <span class="min-w-52 font-medium">{t(locale, 'care.opening')}</span>
            {time('openingHours', 'from', 'kq-care-open-from')}
            {time('openingHours', 'to', 'kq-care-open-to')}
          </div>
          <div class="flex flex-wrap items-end gap-3">
            <label class="flex min-w-52 items-center gap-2 font-medium">
              <input
                type="checkbox"
                data-testid="kq-care-quiet-on"
                checked={rules.quietHours.on}
                onChange={(e) => set('quietHours', { on: e.currentTarget.checked })}
              />
              {t(locale, 'care.quiet')}
            </label>
            {time('quietHours', 'from', 'kq-care-quiet-from')}
            {time('quietHours', 'to', 'kq-care-quiet-to')}
          </div>
        </fieldset>
        {editable && (
          <button
            type="submit"
            data-testid="kq-care-rules-save"
            class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800"
          >
            {t(locale, 'care.save')}
          </button>
        )}
      </form>
      {message && (
        <p
          data-testid="kq-care-rules-message"
          role={message.ok ? 'status' : 'alert'}
          class={`text-sm ${message.ok ? 'text-emerald-800' : 'text-rose-800'}`}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
