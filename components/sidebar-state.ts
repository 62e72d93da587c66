import type { CustomerView } from '@/core/customer-view';
import type { Health } from '@/core/snapshot';

/** What the sidebar shows. `loading` never carries the previous customer's data. */
export type SidebarState =
  | { kind: 'loading'; reason: string }
  | { kind: 'view'; view: CustomerView }
  | { kind: 'unsupported'; health: Extract<Health, { verdict: 'unsupported' }> }
  | { kind: 'error'; message: string };
