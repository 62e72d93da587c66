import type { CustomerView } from '@/core/customer-view';
import type { Health } from '@/core/snapshot';

/** What the sidebar shows. `loading` never carries the previous customer's data. */
export type SidebarState =
  | { kind: 'loading'; reason: string }
  /** The page's own facts disagree for too long: we refuse to name a customer. */
  | { kind: 'unsure'; reason: string }
  | { kind: 'view'; view: CustomerView }
  | { kind: 'unsupported'; health: Extract<Health, { verdict: 'unsupported' }> }
  | { kind: 'error'; message: string };

/**
 * What the sidebar shows of a view. `lastSeenAt` is left out: it moves on every answer and is
 * not shown, so comparing it would repaint the sidebar on every new message for nothing.
 */
export function shownViewKey(view: CustomerView): string {
  const { lastSeenAt: _, ...shown } = view;
  return JSON.stringify(shown);
}
