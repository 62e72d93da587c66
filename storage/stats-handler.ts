// Options → background `getStats`: validate the period, count locally, and ask the team
// server for its own figures when connected; offline or refused, the local numbers stand
// and the answer says why the team's are missing.
import type { StatsResponse } from '@/core/api/schemas';
import { StatsRequestSchema } from '@/core/background-requests';
import { describeIssues, type Result, type StatsResult } from '@/core/protocol';
import { periodError } from '@/core/stats';
import type { KqDb } from './db';
import { localStats } from './stats';
import type { SyncClient } from './sync-client';

export async function handleGetStats(
  db: KqDb,
  sync: Pick<SyncClient, 'connection' | 'call'>,
  input: unknown,
  utcOffsetMinutes = -new Date().getTimezoneOffset(),
): Promise<Result<StatsResult>> {
  const parsed = StatsRequestSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: `bad stats request: ${describeIssues(parsed.error)}` };
  const { from, to } = parsed.data;
  const bad = periodError(from, to);
  if (bad) return { ok: false, error: `bad stats request: ${bad}` };
  try {
    const [report, team] = await Promise.all([
      localStats(db, from, to, utcOffsetMinutes),
      teamStats(sync, from, to),
    ]);
    return {
      ok: true,
      source: team && 'stats' in team ? 'server' : 'local',
      report,
      ...(team && 'stats' in team ? { team: team.stats } : {}),
      ...(team && 'error' in team ? { serverError: team.error } : {}),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function teamStats(
  sync: Pick<SyncClient, 'connection' | 'call'>,
  from: string,
  to: string,
): Promise<{ stats: StatsResponse } | { error: string } | undefined> {
  if (!(await sync.connection())) return undefined;
  try {
    const q = new URLSearchParams({ from, to });
    const stats = (await sync.call('GET', `/v1/stats?${q}`)) as StatsResponse;
    // An older or foreign server: say so rather than break the page.
    if (
      !Array.isArray(stats?.days) ||
      !Array.isArray(stats.channels) ||
      !Array.isArray(stats.agents)
    )
      return { error: 'the team server answered without stats' };
    return { stats };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
