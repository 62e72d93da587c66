// Row shapes of the local database. Ids are random strings so rows can sync later
// without renumbering.
import type { Platform } from '@/core/snapshot';

export interface CustomerRow {
  id: string;
  displayName: string;
  /** Diacritics-insensitive search key (v2). */
  nameKey: string;
  /** E.164 numbers (v2). */
  phones: string[];
  /** Lower-case addresses (v2). */
  emails: string[];
  firstSeenAt: number;
  firstSeenPlatform: Platform;
  lastSeenAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityRow {
  id: string;
  customerId: string;
  platform: Platform;
  accountId: string;
  externalId: string;
  idConfidence: 'strong' | 'weak';
  displayName: string;
  avatarUrl?: string;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** One row per identity per local day: repeated sightings only bump `count`. */
export interface TouchpointRow {
  id: string;
  customerId: string;
  identityId: string;
  platform: Platform;
  day: string;
  firstAt: number;
  lastAt: number;
  count: number;
}

export interface LabelRow {
  id: string;
  name: string;
  color: string;
  order: number;
  archived: boolean;
  updatedAt: number;
}

export interface LabelAssignmentRow {
  id: string;
  customerId: string;
  labelId: string;
  assignedAt: number;
  /**
   * Ids of the assign mutations behind this assignment (synced): unassigning removes
   * exactly these, so a concurrent assign elsewhere survives.
   */
  tags?: string[];
}

export interface NoteRow {
  id: string;
  customerId: string;
  text: string;
  author: string;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
}

export type OrderStatus = 'pending' | 'delivered' | 'returned' | 'cancelled' | 'failed';

export interface OrderRow {
  id: string;
  customerId: string;
  code: string;
  placedAt: number;
  /** VND, whole đồng. */
  total: number;
  status: OrderStatus;
  items: { name: string; quantity: number; price: number }[];
}

export interface TemplateRow {
  id: string;
  title: string;
  body: string;
  segments: string[];
  intents: string[];
  archived?: boolean;
  updatedAt: number;
}

export interface OutboxRow {
  seq?: number;
  mutationId: string;
  kind: string;
  payload: unknown;
  createdAt: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}
