import { describe, expect, it } from 'vitest';
import {
  advanceBySignals,
  currentStage,
  DEFAULT_PIPELINE,
  nextStage,
  parsePipelineConfig,
  setStageByAgent,
  signalsOf,
} from '@/core/pipeline';
import { median, pipelineStats } from '@/core/pipeline-stats';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const config = DEFAULT_PIPELINE;

describe('pipeline config', () => {
  it('defaults to Quan tâm → Đã tư vấn → Chốt đơn → Đã nhận hàng → Khách thân thiết', () => {
    const r = parsePipelineConfig(undefined);
    expect(r.ok && r.config.stages.map((s) => `${s.id}:${s.name}`)).toEqual([
      'interested:Quan tâm',
      'consulted:Đã tư vấn',
      'ordered:Chốt đơn',
      'received:Đã nhận hàng',
      'loyal:Khách thân thiết',
    ]);
  });

  it('rejects duplicate ids, names and signals, empty names and one-stage pipelines', () => {
    const r = parsePipelineConfig({
      stages: [
        { id: 'a', name: 'Quan tâm' },
        { id: 'a', name: 'quan tam', signal: 'order' },
        { id: 'c', name: 'C', signal: 'order' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field).sort()).toEqual([
      'stages.1.id',
      'stages.1.name',
      'stages.2.signal',
    ]);
    const empty = parsePipelineConfig({
      stages: [
        { id: 'a', name: ' ' },
        { id: 'b', name: 'B', signal: 'nope' },
      ],
    });
    expect(!empty.ok && empty.issues.map((i) => i.field).sort()).toEqual([
      'stages.0.name',
      'stages.1.signal',
    ]);
    const one = parsePipelineConfig({ stages: [{ id: 'a', name: 'A' }] });
    expect(!one.ok && one.issues[0]!.message).toBe('stages must hold at least 2 stages');
  });
});

describe('signals', () => {
  it('reads a phone, the first order, the first delivery and a second order', () => {
    const orders = [
      { placedAt: T0 + 5 * DAY, total: 1, status: 'delivered' as const },
      { placedAt: T0 + 2 * DAY, total: 1, status: 'cancelled' as const },
      { placedAt: T0 + 9 * DAY, total: 1, status: 'pending' as const },
    ];
    expect(signalsOf({ hasPhone: true, phoneAt: T0, orders })).toEqual([
      { signal: 'phone', at: T0 },
      { signal: 'order', at: T0 + 5 * DAY },
      { signal: 'delivered', at: T0 + 5 * DAY },
      { signal: 'repeat-order', at: T0 + 9 * DAY },
    ]);
    expect(signalsOf({ hasPhone: false, phoneAt: T0, orders: [] })).toEqual([]);
  });

  it('moves forward one step per signal, saying which signal did it', () => {
    const s = advanceBySignals(undefined, 'c1', [{ signal: 'phone', at: T0 }], config);
    expect(s).toMatchObject({ stageId: 'consulted', setBy: 'signal', signal: 'phone', at: T0 });
    expect(s!.history).toEqual([
      { stageId: 'consulted', from: 'interested', setBy: 'signal', signal: 'phone', at: T0 },
    ]);
    const later = advanceBySignals(
      s,
      'c1',
      [
        { signal: 'phone', at: T0 },
        { signal: 'order', at: T0 + DAY },
        { signal: 'delivered', at: T0 + 3 * DAY },
      ],
      config,
    );
    expect(later!.stageId).toBe('received');
    expect(later!.history.map((m) => `${m.from}>${m.stageId}`)).toEqual([
      'interested>consulted',
      'consulted>ordered',
      'ordered>received',
    ]);
  });

  it('never moves backwards and changes nothing when nothing is new', () => {
    const s = advanceBySignals(undefined, 'c1', [{ signal: 'order', at: T0 }], config)!;
    expect(s.stageId).toBe('ordered');
    expect(advanceBySignals(s, 'c1', [{ signal: 'phone', at: T0 + DAY }], config)).toBe(s);
  });

  it('leaves an agent’s choice alone until the agent picks again', () => {
    const chosen = setStageByAgent(undefined, 'c1', 'interested', T0, 'Lan', config);
    expect(chosen).toMatchObject({ stageId: 'interested', setBy: 'agent', by: 'Lan' });
    const after = advanceBySignals(
      chosen,
      'c1',
      [{ signal: 'repeat-order', at: T0 + DAY }],
      config,
    );
    expect(after).toBe(chosen);
    const again = setStageByAgent(after, 'c1', 'ordered', T0 + 2 * DAY, undefined, config);
    expect(again.history.map((m) => [m.from, m.stageId, m.setBy])).toEqual([
      [undefined, 'interested', 'agent'],
      ['interested', 'ordered', 'agent'],
    ]);
  });

  it('names the current and the next stage; a removed stage falls back to the first', () => {
    expect(currentStage(config, undefined).id).toBe('interested');
    expect(
      currentStage(config, { customerId: 'c', stageId: 'gone', setBy: 'agent', at: 0, history: [] })
        .id,
    ).toBe('interested');
    expect(nextStage(config, 'ordered')?.id).toBe('received');
    expect(nextStage(config, 'loyal')).toBeNull();
  });
});

describe('pipeline stats', () => {
  const period = { from: T0, to: T0 + 30 * DAY };
  const move = (from: string, stageId: string, day: number) => ({
    from,
    stageId,
    setBy: 'signal' as const,
    at: T0 + day * DAY,
  });

  it('counts conversion between consecutive stages and the median days in each', () => {
    const stats = pipelineStats(
      config,
      [
        // Interested 2 days, consulted 4 days, then ordered.
        {
          firstSeenAt: T0,
          history: [move('interested', 'consulted', 2), move('consulted', 'ordered', 6)],
        },
        // Interested 4 days, stuck in consulted.
        { firstSeenAt: T0 + DAY, history: [move('interested', 'consulted', 5)] },
        // Never moved.
        { firstSeenAt: T0 + 3 * DAY },
        // Jumped straight to ordered after 10 days: passes consulted without standing there.
        { firstSeenAt: T0, history: [move('interested', 'ordered', 10)] },
        // Seen before the period: not in the first stage's cohort.
        { firstSeenAt: T0 - 40 * DAY },
      ],
      period,
    );
    const byId = Object.fromEntries(stats.map((s) => [s.stageId, s]));
    expect(byId.interested).toEqual({
      stageId: 'interested',
      reached: 4,
      advanced: 3,
      conversion: 0.75,
      medianDays: 4,
      stillHere: 1,
    });
    expect(byId.consulted).toMatchObject({ reached: 3, advanced: 2, stillHere: 1, medianDays: 4 });
    expect(byId.ordered).toMatchObject({
      reached: 2,
      advanced: 0,
      conversion: 0,
      medianDays: null,
    });
    expect(byId.loyal).toEqual({ stageId: 'loyal', reached: 0, medianDays: null, stillHere: 0 });
  });

  it('ignores moves after the period', () => {
    const stats = pipelineStats(
      config,
      [{ firstSeenAt: T0, history: [move('interested', 'consulted', 40)] }],
      period,
    );
    expect(stats[0]).toMatchObject({ reached: 1, advanced: 0, stillHere: 1 });
    expect(stats[1]!.reached).toBe(0);
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
