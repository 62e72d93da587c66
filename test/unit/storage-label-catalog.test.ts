// The label catalog as a local-only shop's manager edits it in the options page: reorder
// (which also moves the Alt+Shift+digit shortcuts) and how many customers carry each label.
import { describe, expect, it } from 'vitest';
import { assignLabel } from '@/storage/labels';
import { SyncClient } from '@/storage/sync-client';
import { handleEditLabel, handleListLabels } from '@/storage/team-handlers';
import { freshDb } from './storage-helpers';

async function catalog() {
  const db = freshDb();
  const sync = new SyncClient(db, {});
  for (const name of ['Khách sỉ', 'VIP', 'Bom hàng'])
    expect(await handleEditLabel(db, sync, { action: 'create', name, color: '#0ea5e9' })).toEqual({
      ok: true,
    });
  return { db, sync, ids: (await handleListLabels(db)).map((l) => l.id) };
}

describe('label catalog', () => {
  it('reorders locally and counts the customers carrying each label', async () => {
    const { db, sync, ids } = await catalog();
    const [a, b, c] = ids as [string, string, string];
    await db.customers.bulkPut(
      ['c1', 'c2'].map((id) => ({
        id,
        displayName: id,
        nameKey: id,
        phones: [],
        emails: [],
        firstSeenAt: 0,
        firstSeenPlatform: 'zalo' as const,
        lastSeenAt: 0,
        createdAt: 0,
        updatedAt: 0,
      })),
    );
    await assignLabel(db, 'c1', b);
    await assignLabel(db, 'c2', b);
    await assignLabel(db, 'c1', c);
    expect(await handleEditLabel(db, sync, { action: 'reorder', ids: [c, a, b] })).toEqual({
      ok: true,
    });
    const listed = await handleListLabels(db, { counts: true });
    expect(listed.map((l) => [l.name, l.customers])).toEqual([
      ['Bom hàng', 1],
      ['Khách sỉ', 0],
      ['VIP', 2],
    ]);
    // The sidebar's list carries no counts.
    expect((await handleListLabels(db))[0]).not.toHaveProperty('customers');
  });

  it('refuses a reorder naming a label that is not in the catalog, changing nothing', async () => {
    const { db, sync, ids } = await catalog();
    const before = await handleListLabels(db);
    expect(
      await handleEditLabel(db, sync, { action: 'reorder', ids: [...ids.slice(1), 'ghost'] }),
    ).toEqual({ ok: false, error: 'unknown label ids: ghost' });
    expect(await handleEditLabel(db, sync, { action: 'reorder', ids: [] })).toMatchObject({
      ok: false,
      error: expect.stringContaining('ids'),
    });
    expect(await handleListLabels(db)).toEqual(before);
  });
});

describe('recognition settings from the options page', () => {
  it('saves a partial change on top of what is stored, and names a bad field', async () => {
    const { handleGetRecognition, handleSaveRecognition, handleSetKeepText } = await import(
      '@/storage/settings-handlers'
    );
    const db = freshDb();
    expect(await handleSaveRecognition(db, { vipLabels: ['VIP', 'Khách ruột'] })).toMatchObject({
      ok: true,
      settings: { vipLabels: ['VIP', 'Khách ruột'], lapsedAfterDays: 90 },
    });
    expect(await handleSaveRecognition(db, { lapsedAfterDays: 0 })).toEqual({
      ok: false,
      error: expect.stringContaining('lapsedAfterDays must be at least 1'),
    });
    expect(await handleSaveRecognition(db, { colour: 'red' })).toMatchObject({ ok: false });
    expect(await handleSetKeepText(db, { keep: 'yes' })).toMatchObject({ ok: false });
    expect(await handleSetKeepText(db, { keep: true })).toEqual({ ok: true });
    expect(await handleGetRecognition(db)).toMatchObject({
      keepText: true,
      settings: { vipLabels: ['VIP', 'Khách ruột'], lapsedAfterDays: 90 },
    });
  });
});
