// What the background answers for an open conversation: everything the sidebar renders.
import * as z from 'zod/mini';
import { HealthSchema, PlatformSchema } from './snapshot';
import { STATUSES } from './status';

/** A structured reason the sidebar renders in the agent's language. */
export const EvidenceSchema = z.object({
  code: z.enum(['first-contact', 'earlier-contact-record', 'earlier-contact-thread']),
  /** Epoch ms the reason refers to (first contact, earliest earlier message…). */
  at: z.optional(z.number()),
  platform: z.optional(PlatformSchema),
  /** Distinct earlier days with contact, when counted. */
  days: z.optional(z.number()),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const CustomerViewSchema = z.object({
  customerId: z.string(),
  displayName: z.string(),
  status: z.enum(STATUSES),
  evidence: z.array(EvidenceSchema),
  idConfidence: z.enum(['strong', 'weak']),
  platforms: z.array(PlatformSchema),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  /** Distinct days this customer was seen by the extension, all platforms. */
  contactDays: z.number(),
  health: HealthSchema,
});
export type CustomerView = z.infer<typeof CustomerViewSchema>;
