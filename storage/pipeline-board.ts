// The options page's pipeline board (issue 9): every customer's stage as it stands (the
// stored row, moved forward by what their records signal now), filtered by label, channel
// and agent, each column capped, and the period's conversion and days in stage.
import Dexie from 'dexie';
import { stageRank } from '@/core/pipeline';
import type {
  PipelineBoard,
  PipelineBoardRequest,
  PipelineCard,
  PipelineColumn,
} from '@/core/pipeline-board';
import { pipelineStats } from '@/core/pipeline-stats';
import { standing, tierWindowStart } from '@/core/tiers';
import type { KqDb } from './db';
import { groupByCustomer } from './group-by-customer';
import { pipelineSettings, stageAfterSignals } from './pipeline';
import type { StageRow } from './schema';

const DAY = 86_400_000;

/** Shop-local day → epoch ms of its start (offset in minutes east of UTC). */
const dayStart = (day: string, offset: number) => Date.parse(`${day}T00:00:00Z`) - offset * 60_000;

export async function pipelineBoard(
  db: KqDb,
  req: PipelineBoardRequest,
  now: number,
  utcOffsetMinutes = 420,
): Promise<PipelineBoard> {
  const { pipeline, tiers } = await pipelineSettings(db);
  const [customers, rows, orders, labelled, onPlatform] = await db.transaction(
    'r',
    [db.customers, db.stages, db.orders, db.labelAssignments, db.identities],
    () =>
      Promise.all([
        db.customers.toArray(),
        db.stages.toArray(),
        db.orders.toArray(),
        req.labelId
          ? db.labelAssignments.where('labelId').equals(req.labelId).toArray()
          : undefined,
        req.platform
          ? db.identities
              .where('[platform+externalId]')
              .between([req.platform, Dexie.minKey], [req.platform, Dexie.maxKey])
              .toArray()
          : undefined,
      ]),
  );
  const stageOf = new Map<string, StageRow>(rows.map((r) => [r.customerId, r]));
  const ordersOf = groupByCustomer(orders);
  const withLabel = labelled && new Set(labelled.map((a) => a.customerId));
  const withPlatform = onPlatform && new Set(onPlatform.map((i) => i.customerId));
  const agents = new Set<string>();
  for (const r of rows) if (r.setBy === 'agent' && r.by) agents.add(r.by);

  const perColumn = req.perColumn ?? 50;
  const columns: PipelineColumn[] = pipeline.stages.map((s) => ({
    stageId: s.id,
    name: s.name,
    total: 0,
    cards: [],
  }));
  const windowFrom = tierWindowStart(tiers, now);
  const statsInput: { firstSeenAt: number; history: StageRow['history'] }[] = [];
  for (const c of customers) {
    if (withLabel && !withLabel.has(c.id)) continue;
    if (withPlatform && !withPlatform.has(c.id)) continue;
    const stored = stageOf.get(c.id);
    if (req.agent && !(stored?.setBy === 'agent' && stored.by === req.agent)) continue;
    const own = ordersOf.get(c.id) ?? [];
    const row = stageAfterSignals(
      stored,
      { customerId: c.id, phones: c.phones, orders: own },
      pipeline,
      stored?.at ?? c.updatedAt,
    );
    const column = columns[stageRank(pipeline, row?.stageId)]!;
    column.total += 1;
    const card: PipelineCard = {
      customerId: c.id,
      name: c.displayName,
      since: row?.at ?? c.firstSeenAt,
      setBy: row ? row.setBy : 'none',
    };
    if (own.length) {
      let spend = 0;
      let count = 0;
      for (const o of own) {
        if (
          (o.status === 'delivered' || o.status === 'pending') &&
          o.placedAt > windowFrom &&
          o.placedAt <= now
        ) {
          spend += o.total;
          count += 1;
        }
      }
      card.tier = standing(spend, count, tiers).tier.name;
    }
    insertNewest(column.cards, card, perColumn);
    statsInput.push({ firstSeenAt: c.firstSeenAt, history: row?.history ?? [] });
  }
  const from = dayStart(req.from, utcOffsetMinutes);
  const to = dayStart(req.to, utcOffsetMinutes) + DAY - 1;
  return {
    columns,
    stats: pipelineStats(pipeline, statsInput, { from, to }),
    agents: [...agents].sort(),
  };
}

/** Keeps the `cap` most recent arrivals, newest first, without sorting the whole column. */
function insertNewest(cards: PipelineCard[], card: PipelineCard, cap: number): void {
  if (cards.length >= cap && card.since <= cards[cards.length - 1]!.since) return;
  let i = cards.length;
  while (i > 0 && cards[i - 1]!.since < card.since) i--;
  cards.splice(i, 0, card);
  if (cards.length > cap) cards.pop();
}
