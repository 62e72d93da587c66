// The content script's checks of what its background sends, without zod: a view the full
// schema accepts is always rendered; a broken one is an error naming the field, never a
// throw; the sync status and insert checks agree with their schemas; a served selector
// pack of any shape is checked without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { META_ANCHORS, META_STRINGS, metaPack } from '@/content-scripts/meta/pack';
import { ZALO_ANCHORS, ZALO_STRINGS, zaloPack } from '@/content-scripts/zalo/pack';
import { type CustomerView, CustomerViewSchema } from '@/core/customer-view';
import { checkPackNeeds } from '@/core/pack-needs';
import { checkPack } from '@/core/selector-pack';
import { SyncStatusSchema } from '@/core/sync/status';
import { checkInsertReply, checkViewAnswer, isSyncStatus } from '@/core/wire-checks';

const T = Date.UTC(2026, 10, 22);
const full: CustomerView = {
  customerId: 'c1',
  displayName: 'Chị Lan',
  status: 'vip',
  evidence: [{ code: 'orders', count: 3, at: T, daysAgo: 2, amount: 1_200_000 }],
  idConfidence: 'strong',
  platforms: ['zalo', 'messenger'],
  firstSeenAt: T - 90 * 86_400_000,
  lastSeenAt: T,
  contactDays: 12,
  health: { verdict: 'degraded', missing: ['header-name'], lost: 'tên khách' },
  history: { customerId: 'c1', entries: [], nextCursor: null },
  phones: ['+84912345678'],
  emails: ['lan@example.vn'],
  notes: [{ id: 'n1', text: 'size M', author: 'Ngân', pinned: true, createdAt: T, updatedAt: T }],
  risk: { failed: 1, returned: 0, rate: 0.25 },
  labels: [{ id: 'l1', name: 'Khách sỉ', color: '#1a2b3c' }],
  replies: [],
  replyIntents: ['price'],
  xungHo: 'chị',
  tier: { id: 'gold', name: 'Vàng', next: { id: 'diamond', name: 'Kim cương', missing: 350_000 } },
  stage: { id: 'advised', name: 'Đã tư vấn', setBy: 'agent' },
  stages: [{ id: 'advised', name: 'Đã tư vấn' }],
};
const OPTIONAL = [
  'history',
  'phones',
  'emails',
  'notes',
  'risk',
  'labels',
  'replies',
  'replyIntents',
  'xungHo',
  'tier',
  'stage',
  'stages',
] as const;
const REQUIRED = [
  'customerId',
  'displayName',
  'status',
  'evidence',
  'idConfidence',
  'platforms',
  'firstSeenAt',
  'lastSeenAt',
  'contactDays',
  'health',
] as const;

describe('checkViewAnswer', () => {
  it('renders every view the full schema accepts, with or without each optional part', () => {
    expect(CustomerViewSchema.safeParse(full).success).toBe(true);
    fc.assert(
      fc.property(fc.subarray([...OPTIONAL]), (drop) => {
        const v: Record<string, unknown> = { ...full };
        for (const k of drop) delete v[k];
        expect(CustomerViewSchema.safeParse(v).success).toBe(true);
        expect(checkViewAnswer(v)).toEqual({ ok: true, value: v });
      }),
    );
  });

  it('a missing or mistyped field is an error that names it (the schema refuses it too)', () => {
    for (const k of [...REQUIRED, ...OPTIONAL]) {
      for (const bad of [null, 42, 'x', [1], { a: 1 }]) {
        const v = { ...full, [k]: bad } as Record<string, unknown>;
        if (CustomerViewSchema.safeParse(v).success) continue;
        const r = checkViewAnswer(v);
        // Nested shapes are the producer's check; what is rendered at the top level is ours.
        if (r.ok) {
          expect(typeof bad === 'object' && bad !== null).toBe(true);
          continue;
        }
        expect(r.error).toBe(`bad answer: ${k} is missing or of the wrong type`);
      }
    }
    const noId: Record<string, unknown> = { ...full };
    delete noId.customerId;
    expect(checkViewAnswer(noId)).toEqual({
      ok: false,
      error: 'bad answer: customerId is missing or of the wrong type',
    });
    expect(checkViewAnswer({ ...full, status: 'friend' })).toMatchObject({ ok: false });
    expect(checkViewAnswer({ ...full, lastSeenAt: Number.NaN })).toMatchObject({ ok: false });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = checkViewAnswer(x);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
    expect(checkViewAnswer(undefined)).toEqual({
      ok: false,
      error: 'bad answer: not a customer view',
    });
  });
});

describe('isSyncStatus and checkInsertReply agree with their schemas', () => {
  const status = fc.oneof(
    fc.record({
      state: fc.constantFrom('local', 'synced', 'pending', 'offline', 'error', 'other'),
    }),
    fc.record(
      {
        state: fc.constantFrom('synced', 'pending', 'offline', 'error'),
        at: fc.oneof(fc.double(), fc.string()),
        count: fc.oneof(fc.nat(), fc.string()),
        retryAt: fc.oneof(fc.nat(), fc.constant(undefined)),
        code: fc.oneof(fc.string(), fc.nat()),
        reason: fc.string({ maxLength: 40 }),
      },
      { requiredKeys: ['state'] },
    ),
    fc.anything(),
  );
  it('sync status', () => {
    fc.assert(
      fc.property(status, (x) => {
        // zod refuses NaN and ±Infinity as numbers; so do we. (Reasons here stay under the
        // schema's 500 characters, which only the background's check enforces.)
        expect(isSyncStatus(x)).toBe(SyncStatusSchema.safeParse(x).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('insert reply: 1 to 5,000 characters of text, anything else refused with the reason', () => {
    expect(checkInsertReply({ text: 'Dạ em chào chị\nShop còn size M ạ' })).toEqual({
      ok: true,
      value: { text: 'Dạ em chào chị\nShop còn size M ạ' },
    });
    expect(checkInsertReply({ text: '' })).toEqual({
      ok: false,
      error: 'bad insertReply: text: expected 1 to 5000 characters',
    });
    expect(checkInsertReply({ text: 'x'.repeat(5001) })).toMatchObject({ ok: false });
    expect(checkInsertReply({ text: 42 })).toEqual({
      ok: false,
      error: 'bad insertReply: text: expected a string',
    });
    fc.assert(fc.property(fc.anything(), (x) => void checkInsertReply(x)));
  });
});

describe('checkPackNeeds (the content script’s check of a served pack)', () => {
  const css = (s: string) => !s.includes('[[');
  const metaNeed = { platform: 'meta' as const, anchors: META_ANCHORS, strings: META_STRINGS };
  const zaloNeed = { platform: 'zalo' as const, anchors: ZALO_ANCHORS, strings: ZALO_STRINGS };

  it('the bundled packs pass, and agree with the full check', () => {
    expect(checkPackNeeds(metaPack, metaNeed, css)).toEqual({ ok: true, pack: metaPack });
    expect(checkPackNeeds(zaloPack, zaloNeed, css)).toEqual({ ok: true, pack: zaloPack });
    expect(checkPack(metaPack, metaNeed, css)).toEqual({ ok: true, pack: metaPack });
  });

  it('names what is missing or wrong, and never throws on any input', () => {
    expect(checkPackNeeds(zaloPack, metaNeed, css)).toMatchObject({ ok: false, path: 'platform' });
    const { headerName: _, ...rest } = metaPack.anchors as Record<string, unknown>;
    expect(checkPackNeeds({ ...metaPack, anchors: rest }, metaNeed, css)).toMatchObject({
      ok: false,
    });
    const badCss = {
      ...metaPack,
      anchors: { ...metaPack.anchors, [META_ANCHORS[0]]: [{ css: 'div[[' }] },
    };
    expect(checkPackNeeds(badCss, metaNeed, css)).toMatchObject({
      ok: false,
      path: `anchors.${META_ANCHORS[0]}.0.css`,
    });
    const broken = { ...metaPack, anchors: { ...metaPack.anchors, [META_ANCHORS[0]]: 'div' } };
    expect(checkPackNeeds(broken, metaNeed, css)).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(checkPackNeeds(x, metaNeed, css).ok).toBe(false);
      }),
    );
  });
});
