// Customer status shown on the badge. The full classifier (orders, RFM, labels) grows in
// core/classify.ts; these names are the contract the sidebar and tests rely on.
export const STATUSES = ['new', 'returning', 'customer', 'vip', 'lapsed', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];
