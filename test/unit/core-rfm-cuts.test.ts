// Stored quintile cuts score exactly like the full RfmIndex they summarise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RfmIndex, type RfmMetrics, rfmCuts, scoreByCuts } from '@/core/rfm';

const metricsArb = fc.record({
  lastOrderAt: fc.integer({ min: 0, max: 1_000 }),
  frequency: fc.integer({ min: 1, max: 12 }),
  monetary: fc.integer({ min: 0, max: 5_000 }),
});

describe('RFM cuts', () => {
  it('give the same scores as RfmIndex for members and for any other metrics (property)', () => {
    fc.assert(
      fc.property(
        fc.array(metricsArb, { minLength: 1, maxLength: 60 }),
        metricsArb,
        (population, probe) => {
          const index = RfmIndex.from(population.map((m, i) => [`c${i}`, m] as const));
          const cuts = rfmCuts(population);
          for (const m of [...population, probe]) {
            expect(scoreByCuts(cuts, m)).toEqual(index.score(m));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('score everything 1 over an empty population', () => {
    const m: RfmMetrics = { lastOrderAt: 1, frequency: 1, monetary: 1 };
    expect(scoreByCuts(rfmCuts([]), m)).toEqual({ r: 1, f: 1, m: 1, population: 0 });
  });
});
