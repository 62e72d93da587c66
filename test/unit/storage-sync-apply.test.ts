// Pulled rows land under local edits still waiting to be pushed, never over them.
import { describe, expect, it } from 'vitest';
import { KqDb } from '@/storage/db';
import { mergeCustomers } from '@/storage/merge';
import { enqueueMany, outboxTables, SYNC_CONNECTION_KEY, stamp } from '@/storage/outbox';
import { applyPulledRows, localTouchpointId } from '@/storage/sync-apply';

let n = 0;
const fresh = () => new KqDb(`kq-apply-${++n}`);
const HLC = (ms: number) => `${String(ms).padStart(15, '0')}-00000-server`;

describe('applyPulledRows', () => {
  it('keeps a local unassign that is still in the outbox', async () => {
    const db = fresh();
    await db.settings.put({ key: SYNC_CONNECTION_KEY, value: { url: 'x' } });
    const m = stamp('label.unassign', { customerId: 'c1', labelId: 'l1', tags: ['t1'] });
    await db.outbox.add({ mutationId: m.id, kind: m.kind, payload: m, createdAt: 1 });
    const r = await applyPulledRows(db, [
      {
        t: 'assignments',
        id: 'c1|l1',
        seq: 5,
        f: { customerId: 'c1', labelId: 'l1', adds: { t1: 1000 }, removes: {} },
        c: {},
      },
    ]);
    expect(await db.labelAssignments.count()).toBe(0);
    expect([...r.customers]).toEqual(['c1']);
  });

  it('puts a pulled assignment with its tags, and a label rename flags the catalog', async () => {
    const db = fresh();
    const r = await applyPulledRows(db, [
      {
        t: 'labels',
        id: 'l1',
        seq: 1,
        f: { name: 'VIP', color: '#ffcc00', order: 1 },
        c: { name: HLC(1) },
      },
      {
        t: 'assignments',
        id: 'c1|l1',
        seq: 2,
        f: { customerId: 'c1', labelId: 'l1', adds: { t1: 1000 }, removes: {} },
        c: {},
      },
    ]);
    expect(r.labels).toBe(true);
    expect(await db.labelAssignments.get('c1|l1')).toMatchObject({ tags: ['t1'] });
    expect(await db.labels.get('l1')).toMatchObject({ name: 'VIP', archived: false });
  });

  it('adopts the team’s identity row for a person recorded here under a later-sorting id', async () => {
    const db = fresh();
    await db.identities.add({
      id: 'x-mine',
      customerId: 'c-mine',
      platform: 'zalo',
      accountId: 'zalo-web',
      externalId: '7412638450192837465',
      idConfidence: 'strong',
      displayName: 'Lan',
      firstSeenAt: 1,
      lastSeenAt: 1,
    });
    await db.touchpoints.add({
      id: 'x-mine|2026-11-20',
      customerId: 'c-mine',
      identityId: 'x-mine',
      platform: 'zalo',
      day: '2026-11-20',
      firstAt: 1,
      lastAt: 1,
      count: 1,
    });
    await applyPulledRows(db, [
      {
        t: 'identities',
        id: 'theirs',
        seq: 9,
        f: {
          customerId: 'c-team',
          platform: 'zalo',
          accountId: 'zalo-web',
          externalId: '7412638450192837465',
          idConfidence: 'strong',
        },
        c: {},
      },
    ]);
    expect((await db.identities.toArray()).map((i) => i.id)).toEqual(['theirs']);
    expect(await db.touchpoints.get('x-mine|2026-11-20')).toMatchObject({
      identityId: 'theirs',
      customerId: 'c-team',
    });
  });

  it('keeps its own identity row when its id sorts first: every replica keeps the same one', async () => {
    const db = fresh();
    await db.identities.add({
      id: 'a-mine',
      customerId: 'c-mine',
      platform: 'zalo',
      accountId: 'zalo-web',
      externalId: '7412638450192837465',
      idConfidence: 'strong',
      displayName: 'Lan',
      firstSeenAt: 1,
      lastSeenAt: 1,
    });
    await applyPulledRows(db, [
      {
        t: 'identities',
        id: 'theirs',
        seq: 9,
        f: {
          customerId: 'c-team',
          platform: 'zalo',
          accountId: 'zalo-web',
          externalId: '7412638450192837465',
          idConfidence: 'strong',
        },
        c: {},
      },
    ]);
    expect((await db.identities.toArray()).map((i) => [i.id, i.customerId])).toEqual([
      ['a-mine', 'c-mine'],
    ]);
  });

  it('two team rows for one person never wedge a fresh pull, and the same one wins in any order', async () => {
    const db = fresh();
    const identity = (id: string, seq: number, customerId: string) => ({
      t: 'identities' as const,
      id,
      seq,
      f: {
        customerId,
        platform: 'messenger',
        accountId: '104857600012345',
        externalId: '100004827315590',
        idConfidence: 'strong',
      },
      c: {},
    });
    // Same page, then across pages with the fresh-install fast path on.
    // A snapshot gives every row the same seq and pages by id: the change-log order is not
    // known there, so the shared row is the smallest id, whichever arrives first.
    await applyPulledRows(db, [identity('b', 2, 'c2'), identity('m', 1, 'c1')], 0, { fresh: true });
    expect((await db.identities.toArray()).map((i) => i.id)).toEqual(['b']);
    await applyPulledRows(db, [identity('z', 3, 'c3')], 0, { fresh: true });
    await applyPulledRows(db, [identity('a', 3, 'c0')], 0, { fresh: true });
    expect((await db.identities.toArray()).map((i) => [i.id, i.customerId])).toEqual([['a', 'c0']]);
    const other = fresh();
    for (const r of [identity('a', 3, 'c0'), identity('z', 3, 'c3'), identity('b', 2, 'c2')])
      await applyPulledRows(other, [r]);
    expect((await other.identities.toArray()).map((i) => [i.id, i.customerId])).toEqual([
      ['a', 'c0'],
    ]);
  });

  it('maps synced touchpoint ids back to local ones', () => {
    expect(localTouchpointId('abc:def:2026-11-20')).toBe('abc:def|2026-11-20');
  });

  it('keeps what only this machine knows: why an identity was linked, the day’s message fingerprints', async () => {
    const db = fresh();
    await db.identities.add({
      id: 'i1',
      customerId: 'c1',
      platform: 'zalo',
      accountId: 'a',
      externalId: 'e',
      idConfidence: 'strong',
      displayName: 'Lan',
      firstSeenAt: 1,
      lastSeenAt: 1,
      link: { by: 'phone', value: '+84912345678', at: 1 },
    });
    await db.touchpoints.add({
      id: 'i1|2026-12-01',
      customerId: 'c1',
      identityId: 'i1',
      platform: 'zalo',
      day: '2026-12-01',
      firstAt: 1,
      lastAt: 2,
      count: 2,
      incoming: 2,
      seen: ['f1', 'f2'],
    });
    await applyPulledRows(db, [
      {
        t: 'identities',
        id: 'i1',
        seq: 1,
        f: {
          customerId: 'c1',
          platform: 'zalo',
          accountId: 'a',
          externalId: 'e',
          idConfidence: 'strong',
          displayName: 'Lan Phương',
        },
        c: { displayName: HLC(5) },
      },
      {
        t: 'touchpoints',
        id: 'i1:2026-12-01',
        seq: 2,
        f: {
          customerId: 'c1',
          identityId: 'i1',
          platform: 'zalo',
          day: '2026-12-01',
          firstAt: 1,
          lastAt: 9,
          count: 5,
        },
        c: {},
      },
    ]);
    expect(await db.identities.get('i1')).toMatchObject({
      displayName: 'Lan Phương',
      link: { by: 'phone', value: '+84912345678' },
    });
    expect(await db.touchpoints.get('i1|2026-12-01')).toMatchObject({
      count: 5,
      incoming: 2,
      seen: ['f1', 'f2'],
    });
  });
});

describe('the outbox', () => {
  it('keeps local a change the team server would refuse, so it never blocks the pushes after it', async () => {
    const db = new KqDb(`kq-outbox-${Math.random()}`);
    await db.settings.put({
      key: SYNC_CONNECTION_KEY,
      value: { url: 'https://crm.example.vn', token: 'x' },
    });
    const tooLong = 'SON-'.repeat(60); // an imported order code of 240 characters
    const bad = stamp('care.state', {
      id: 'c1|thank-you|o1',
      customerId: 'c1',
      kind: 'thank-you',
      occasion: tooLong,
      dueAt: 1,
      state: 'done',
    });
    const good = stamp('label.assign', { customerId: 'c1', labelId: 'l1' });
    await db.transaction('rw', outboxTables(db), () => enqueueMany(db, [bad, good]));
    const queued = await db.outbox.toArray();
    expect(queued.map((r) => r.kind)).toEqual(['label.assign']);
    db.close();
  });

  it('a teammate putting an identity back under a customer merged away here brings that customer back', async () => {
    const db = fresh();
    const customer = (id: string, name: string, phones: string[]) => ({
      id,
      displayName: name,
      nameKey: name.toLowerCase(),
      phones,
      emails: [],
      firstSeenAt: 1,
      firstSeenPlatform: 'messenger' as const,
      lastSeenAt: 1,
      createdAt: 1,
      updatedAt: 1,
    });
    await db.customers.bulkAdd([
      customer('c-holder', 'Chị Hoa', ['+84912000001']),
      customer('c-bare', 'Hoa Nguyễn', ['+84912000001']),
    ]);
    const identity = {
      id: 'i-1',
      customerId: 'c-bare',
      platform: 'zalo' as const,
      accountId: 'zalo-web',
      externalId: '7412638450192837465',
      idConfidence: 'strong' as const,
      displayName: 'Hoa Nguyễn',
      firstSeenAt: 1,
      lastSeenAt: 1,
    };
    await db.identities.add(identity);
    await mergeCustomers(db, 'c-holder', 'c-bare', 2, { by: 'phone', value: '+84912000001' });
    expect(await db.customers.get('c-bare')).toBeUndefined();
    // A teammate who had not seen the merge renamed the identity, later: the team's row
    // says it belongs to c-bare again.
    await applyPulledRows(db, [
      {
        t: 'identities',
        id: 'i-1',
        seq: 7,
        f: { ...identity, displayName: 'Hoa Zalo' },
        c: {},
      },
    ]);
    expect(await db.identities.get('i-1')).toMatchObject({ customerId: 'c-bare' });
    expect(await db.customers.get('c-bare')).toMatchObject({
      displayName: 'Hoa Nguyễn',
      phones: ['+84912000001'],
    });
    db.close();
  });
});
