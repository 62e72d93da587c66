import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';

/** Tiếng Việt / English, each named in its own language so either reader finds theirs. */
export function LanguagePicker(props: { locale: Locale; onChange: (locale: Locale) => void }) {
  return (
    <label class="flex items-center gap-2 text-sm">
      <span>{t(props.locale, 'options.language')}</span>
      <select
        data-testid="kq-opt-locale"
        class="rounded border border-slate-300 px-2 py-1 focus:outline-2 focus:outline-sky-600"
        value={props.locale}
        onChange={(e) => props.onChange(e.currentTarget.value === 'en' ? 'en' : 'vi')}
      >
        <option value="vi" lang="vi">
          Tiếng Việt
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
    </label>
  );
}
