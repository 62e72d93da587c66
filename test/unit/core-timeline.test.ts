// Timeline paging: newest first, a total order on ties, cursors that survive new entries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, pageTimeline, type TimelineEntry } from '@/core/timeline';

const note = (id: string, at: number): TimelineEntry => ({
  kind: 'note',
  id,
  at,
  text: id,
  author: '',
  pinned: false,
  updatedAt: at,
});

describe('pageTimeline', () => {
  it('walks every entry exactly once, newest first, whatever the page size (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 5 })),
          {
            selector: ([id]) => id,
            maxLength: 40,
          },
        ),
        fc.integer({ min: 1, max: 7 }),
        (rows, limit) => {
          const entries = rows.map(([id, at]) => note(id, at));
          const walked: TimelineEntry[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard < 100; guard++) {
            const page = pageTimeline('c', entries, cursor ? { cursor, limit } : { limit });
            walked.push(...page.entries);
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(walked.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
          for (let i = 1; i < walked.length; i++) {
            expect(walked[i]!.at).toBeLessThanOrEqual(walked[i - 1]!.at);
          }
        },
      ),
    );
  });

  it('rejects nonsense cursors by starting over rather than failing', () => {
    expect(decodeCursor('nonsense')).toBeNull();
    expect(pageTimeline('c', [note('a', 1)], { cursor: 'x~y' }).entries).toHaveLength(1);
  });
});
