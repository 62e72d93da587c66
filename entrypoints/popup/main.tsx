// The toolbar popup: the signed-in agent's care queue (issue 9), Vietnamese by default and
// English per the agent's choice; managers switch to the team's overdue items.
import '@/components/sidebar.css';
import { render } from 'preact';
import { CarePopup } from '@/components/CarePopup';
import type { Locale } from '@/core/i18n';
import { readLocale, watchLocale } from '@/utils/ui-locale';

const root = document.getElementById('app');
if (root) {
  const show = (locale: Locale) => {
    document.documentElement.lang = locale;
    render(<CarePopup locale={locale} />, root);
  };
  void readLocale().then(show);
  watchLocale(show);
}
