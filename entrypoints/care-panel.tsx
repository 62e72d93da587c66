// The care panel (issue 9), loaded by the sidebar only when it shows: the queue, the rail's
// count and the customer's reminder/birthday tools. A chunk of its own (with its own Preact),
// so the content scripts stay inside their 40 KiB budget; it runs in the content script's
// isolated world (a dynamic import from it), never in the page's. See components/CareSlot.tsx.
import { render } from 'preact';
import { BirthdayField, ReminderForm } from '@/components/CareCustomerTools';
import { CareCount, CareQueueList } from '@/components/CareQueue';
import type { CarePanelApi, CareSlotProps } from '@/components/CareSlot';
import { type CareStore, careStore } from '@/components/care-store';

export default defineUnlistedScript(() => {
  let store: CareStore | undefined;
  const shared = () => {
    store ??= careStore('mine');
    return store;
  };
  const api: CarePanelApi = {
    render(el: HTMLElement, props: CareSlotProps | null) {
      if (!props) return render(null, el);
      const { locale } = props;
      if (props.part !== 'customer')
        return render(
          props.part === 'count' ? (
            <CareCount store={shared()} locale={locale} />
          ) : (
            <CareQueueList store={shared()} locale={locale} collapsible />
          ),
          el,
        );
      render(
        <div class="space-y-2">
          <ReminderForm customerId={props.customerId} locale={locale} />
          <BirthdayField
            customerId={props.customerId}
            locale={locale}
            {...(props.birthday ? { birthday: props.birthday } : {})}
          />
        </div>,
        el,
      );
    },
  };
  (globalThis as { kqCarePanel?: CarePanelApi }).kqCarePanel = api;
});
