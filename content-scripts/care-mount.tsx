// The care panel's side of the sidebar (issue 9), in its own chunk (entrypoints/care-panel.tsx)
// so the content scripts stay inside their 40 KiB budget. The sidebar only leaves empty
// `data-kq-care` slots ("count" on the rail, "queue" above the customer, "customer" after the
// card); this draws into them as they appear, follows the customer on screen (the sidebar's
// `data-customer-id`) and the agent's language, and does the care work that touches the host
// page: the text an opened item left for this customer goes into the composer (never sent),
// and on Zalo the customer's name or phone goes into Zalo's own search box.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { BirthdayField, ReminderForm } from '@/components/CareCustomerTools';
import { CareCount, CareQueueList } from '@/components/CareQueue';
import { careStore } from '@/components/care-store';
import type { Locale } from '@/core/i18n';
import { onMessage, sendMessage } from '@/utils/messaging';
import { readLocale, watchLocale } from '@/utils/ui-locale';
import type { PlatformAdapter } from './adapter';
import { fillSearchBox, insertIntoComposer } from './composer';

export type CareHost = Pick<PlatformAdapter, 'composer' | 'searchBox'>;

/** The text waiting for this customer (since the agent opened their item), into the composer. */
async function takePending(host: CareHost, customerId: string, live: () => boolean) {
  for (let i = 0; i < 20 && !host.composer(); i++) await new Promise((r) => setTimeout(r, 250));
  if (!live()) return;
  const p = await sendMessage('takePendingInsert', { customerId }).catch(() => null);
  if (p && live()) insertIntoComposer(host.composer(), p.text);
}

function PendingInsert(props: { host: CareHost; customerId: string }) {
  useEffect(() => {
    let live = true;
    void takePending(props.host, props.customerId, () => live);
    return () => {
      live = false;
    };
  }, [props.customerId, props.host]);
  return null;
}

export function mountCare(root: Element, host: CareHost): () => void {
  const store = careStore('mine');
  let locale: Locale = 'vi';
  const slots = new Map<Element, string>();
  const customerOf = (el: Element) =>
    el.closest('[data-customer-id]')?.getAttribute('data-customer-id') ?? '';

  // A customer slot is redrawn when the customer, or what the view says of them, changes.
  const keyOf = (el: Element) =>
    `${customerOf(el)}|${el.getAttribute('data-birthday')}|${el.hasAttribute('data-pending-insert')}`;
  const draw = (el: Element) => {
    const part = el.getAttribute('data-kq-care');
    const target = el as HTMLElement;
    if (part === 'count') return render(<CareCount store={store} locale={locale} />, target);
    if (part === 'queue')
      return render(<CareQueueList store={store} locale={locale} collapsible />, target);
    const customerId = customerOf(el);
    slots.set(el, keyOf(el));
    // The view says whether a birthday is stored ("" = none) and whether a text waits:
    // nothing is asked of the background on a switch unless there is something to take.
    const birthday = el.getAttribute('data-birthday');
    render(
      customerId ? (
        <div class="space-y-2">
          {el.hasAttribute('data-pending-insert') && (
            <PendingInsert host={host} customerId={customerId} />
          )}
          <ReminderForm customerId={customerId} locale={locale} />
          <BirthdayField
            customerId={customerId}
            locale={locale}
            {...(birthday !== null ? { birthday: birthday || null } : {})}
          />
        </div>
      ) : null,
      target,
    );
  };
  const scan = () => {
    for (const [el] of slots) {
      if (!el.isConnected) {
        render(null, el as HTMLElement);
        slots.delete(el);
      }
    }
    for (const el of root.querySelectorAll('[data-kq-care]')) {
      const known = slots.get(el);
      if (known === undefined) {
        slots.set(el, '');
        draw(el);
      } else if (el.getAttribute('data-kq-care') === 'customer' && known !== keyOf(el)) {
        draw(el);
      }
    }
  };
  const observer = new MutationObserver(scan);
  observer.observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-customer-id', 'data-birthday', 'data-pending-insert'],
  });
  const redrawAll = () => {
    for (const [el] of slots) draw(el);
  };
  void readLocale().then((l) => {
    locale = l;
    redrawAll();
  });
  const stopLocale = watchLocale((l) => {
    locale = l;
    redrawAll();
  });
  scan();

  // Zalo has no link per conversation: the agent's click on "open" puts the name or phone
  // in Zalo's own search box (never Enter, never a result picked for them).
  const stopSearch = host.searchBox
    ? onMessage('searchZalo', ({ data }) => {
        if (typeof data?.search !== 'string' || !data.search.trim())
          return { ok: false, error: 'search: expected a name or phone' };
        const r = fillSearchBox(host.searchBox?.() ?? null, data.search.trim());
        // That customer may be the one already open: their text goes in now.
        // Only while that slot still shows that customer: the agent may pick another result.
        for (const [el, key] of slots) {
          const customerId = customerOf(el);
          if (el.getAttribute('data-kq-care') === 'customer' && customerId && el.isConnected)
            void takePending(host, customerId, () => el.isConnected && slots.get(el) === key);
        }
        return r;
      })
    : () => {};

  return () => {
    observer.disconnect();
    stopLocale();
    stopSearch();
    for (const [el] of slots) render(null, el as HTMLElement);
    slots.clear();
  };
}
