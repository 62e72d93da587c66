// Requests the background checks that only it and the options page need the schemas of:
// kept out of core/protocol, which the content scripts import, so these schemas do not
// ride into the inbox bundles.
import * as z from 'zod/mini';
import { ColorSchema, LabelNameSchema, RowIdSchema } from './sync/mutations';

export const LabelAssignmentSchema = z.object({
  customerId: RowIdSchema,
  labelId: RowIdSchema,
});

/** A change to the label catalog, from the options page (managers, or a local-only shop). */
export const LabelEditSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create'), name: LabelNameSchema, color: ColorSchema }),
  z.object({ action: z.literal('rename'), id: RowIdSchema, name: LabelNameSchema }),
  z.object({ action: z.literal('recolor'), id: RowIdSchema, color: ColorSchema }),
  z.object({ action: z.literal('archive'), id: RowIdSchema }),
  /** The whole active catalog in its new order (the first nine get Alt+Shift+1…9). */
  z.object({
    action: z.literal('reorder'),
    ids: z.array(RowIdSchema).check(z.minLength(1), z.maxLength(500)),
  }),
]);
export type LabelEdit = z.infer<typeof LabelEditSchema>;

const StatsDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day YYYY-MM-DD'));
/** Options → background: the dashboard's period, shop-local days, both ends included. */
export const StatsRequestSchema = z.strictObject({ from: StatsDay, to: StatsDay });
