// Where the care panel (entrypoints/care-panel.tsx) draws inside the sidebar. The panel is a
// chunk of its own, imported on first use from the extension (web-accessible, dynamic URL):
// the content scripts' bundle only carries this slot.
import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Locale } from '@/core/i18n';

export type CareSlotProps =
  | { part: 'queue' | 'count'; locale: Locale }
  | { part: 'customer'; locale: Locale; customerId: string; birthday?: string };

export interface CarePanelApi {
  render(el: HTMLElement, props: CareSlotProps | null): void;
}

let panel: Promise<CarePanelApi> | undefined;
const load = () => {
  panel ??= import(/* @vite-ignore */ browser.runtime.getURL('/care-panel.js')).then(
    () => (globalThis as { kqCarePanel?: CarePanelApi }).kqCarePanel as CarePanelApi,
  );
  return panel;
};

export function CareSlot(props: CareSlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify(props);
  useEffect(() => {
    const el = ref.current;
    if (el)
      void load().then(
        (p) => p.render(el, props),
        () => {},
      );
  }, [key]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el)
        void load().then(
          (p) => p.render(el, null),
          () => {},
        );
    };
  }, []);
  return <div ref={ref} />;
}
