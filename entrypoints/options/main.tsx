import '@/components/sidebar.css';
import { render } from 'preact';
import { Options } from '@/components/Options';
import type { Locale } from '@/core/i18n';
import '@/core/i18n-en';
import { readLocale, saveLocale, watchLocale } from '@/utils/ui-locale';

const root = document.getElementById('app');
if (root) {
  const show = (locale: Locale) => {
    document.documentElement.lang = locale;
    render(
      <Options
        locale={locale}
        onLocale={(next) => {
          void saveLocale(next);
          show(next);
        }}
      />,
      root,
    );
  };
  void readLocale().then(show);
  watchLocale(show);
}
