// Dashboard figures: new vs returning customers per day, channel and agent. The unit is a
// customer-day: a customer seen on a day counts once that day, as `new` when it is the
// first day the team ever saw them, otherwise `returning`.
import type { Hono } from 'hono';
import { StatsQuery, type StatsResponse } from '../../core/api/schemas';
import { dayKey } from '../../core/text';
import { type Ctx, type Env, readQuery } from '../app';
import { ApiError } from '../errors';

const SEEN = `
WITH first AS (
  SELECT customer_id, min(day) AS first_day FROM touchpoints
  WHERE team_id = $1 AND customer_id IS NOT NULL GROUP BY customer_id
), seen AS (
  SELECT DISTINCT t.customer_id, t.day, t.platform, f.first_day = t.day AS is_new, t.id
  FROM touchpoints t JOIN first f ON f.customer_id = t.customer_id
  WHERE t.team_id = $1 AND t.day BETWEEN $2 AND $3
)`;

interface Bucket {
  key: string;
  new: string | number;
  returning: string | number;
}

export function statsRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/stats', async (c) => {
    const teamId = c.get('principal').teamId;
    const q = readQuery(c, StatsQuery);
    const to = q.to ?? dayKey(Date.now());
    const from = q.from ?? dayKey(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000, 0);
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    if (!(span >= 0))
      throw new ApiError('bad_request', 'invalid query: from: must not be after to', {
        field: 'from',
      });
    if (span > 366)
      throw new ApiError('bad_request', 'invalid query: from: at most 366 days per request', {
        field: 'from',
      });
    const count = (key: string) => `SELECT ${key} AS key,
        count(DISTINCT (customer_id, day)) FILTER (WHERE is_new) AS new,
        count(DISTINCT (customer_id, day)) FILTER (WHERE NOT is_new) AS returning`;
    const params = [teamId, from, to];
    const [days, channels, agents, totals] = await Promise.all([
      ctx.readDb.query<Bucket>(
        `${SEEN} ${count('day')} FROM seen GROUP BY day ORDER BY day`,
        params,
      ),
      ctx.readDb.query<Bucket>(
        `${SEEN} ${count('platform')} FROM seen GROUP BY platform ORDER BY platform`,
        params,
      ),
      ctx.readDb.query<Bucket & { name: string }>(
        `${SEEN} ${count('tm.member_id')}, min(m.name) AS name
         FROM seen JOIN touchpoint_members tm ON tm.team_id = $1 AND tm.touchpoint_id = seen.id
         JOIN members m ON m.team_id = $1 AND m.id = tm.member_id
         GROUP BY tm.member_id ORDER BY tm.member_id`,
        params,
      ),
      ctx.readDb.query<Bucket>(`${SEEN} ${count("'all'")} FROM seen`, params),
    ]);
    const n = (b: Bucket) => ({ new: Number(b.new), returning: Number(b.returning) });
    const res: StatsResponse = {
      from,
      to,
      totals: totals[0] ? n(totals[0]) : { new: 0, returning: 0 },
      days: days.map((b) => ({ day: b.key, ...n(b) })),
      channels: channels.map((b) => ({ platform: b.key, ...n(b) })),
      agents: agents.map((b) => ({ memberId: b.key, name: b.name, ...n(b) })),
    };
    return c.json(res);
  });
}
