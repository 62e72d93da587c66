// The options page's pipeline board (issue 9): what it asks for and what it gets. The board
// caps each column (a shop with 100k customers never renders 100k cards) and says how many
// more there are.
import * as z from 'zod/mini';
import type { StageStats } from './pipeline-stats';
import { PlatformSchema } from './snapshot';

const Day = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a day YYYY-MM-DD' }));

export const PipelineBoardRequestSchema = z.strictObject({
  /** The period for conversion and days in stage (shop-local days, inclusive). */
  from: Day,
  to: Day,
  labelId: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,200}$/, { error: 'expected a label id' })),
  ),
  platform: z.optional(PlatformSchema),
  /** Who last moved the customer by hand (the name in the history). */
  agent: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  /** Cards per column (the rest are counted); default 50. */
  perColumn: z.optional(z.number().check(z.int(), z.gte(1), z.lte(500))),
});
export type PipelineBoardRequest = z.infer<typeof PipelineBoardRequestSchema>;

export interface PipelineCard {
  customerId: string;
  name: string;
  /** Tier name, when the customer has orders. */
  tier?: string;
  /** When they entered the stage (epoch ms). */
  since: number;
  setBy: 'agent' | 'signal' | 'none';
}

export interface PipelineColumn {
  stageId: string;
  name: string;
  /** Customers in this stage (after the filters). */
  total: number;
  /** The most recent arrivals first, at most perColumn. */
  cards: PipelineCard[];
}

export interface PipelineBoard {
  columns: PipelineColumn[];
  stats: StageStats[];
  /** Agents who moved customers by hand, for the filter. */
  agents: string[];
}
