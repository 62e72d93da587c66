// Cross-platform linking by what the customer wrote, and the suggestions left to the agent.
import { describe, expect, it } from 'vitest';
import { evidenceText } from '@/core/i18n';
import { recordConversation } from '@/storage/conversations';
import { handleAddContact, handleGetSuggestions } from '@/storage/handlers';
import { unmergeCustomers } from '@/storage/merge';
import { addNote } from '@/storage/notes';
import { addContact, dismissSuggestion, suggestionsFor } from '@/storage/suggestions';
import { clockAt, DAY, freshDb, incoming, outgoing, snap, T0, zaloSnap } from './storage-helpers';

const PHONE = '+84912345678';

describe('linking by phone and e-mail', () => {
  it('links a Zalo identity to the Messenger customer who wrote the same number', async () => {
    const db = freshDb();
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('SĐT mình 0912 345 678, giao giờ hành chính', T0 - 60_000)] }),
      clockAt(T0),
    );
    expect((await db.customers.get(fb.customerId))?.phones).toEqual([PHONE]);

    const zalo = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('Số mình là +84 912.345.678 nhé', T0 + 3_600_000)] }),
      clockAt(T0 + 3_600_000),
    );
    expect(zalo.customerId).toBe(fb.customerId);
    expect(zalo.displayName).toBe('Chị Lan Phương');
    expect(zalo.status).toBe('returning');
    expect(zalo.platforms.sort()).toEqual(['messenger', 'zalo']);
    expect(zalo.evidence[0]).toMatchObject({
      code: 'linked-phone',
      value: PHONE,
      platform: 'messenger',
      at: T0,
    });
    expect(evidenceText('en', zalo.evidence[0]!)).toContain(`Linked by phone ${PHONE}`);
    expect(evidenceText('vi', zalo.evidence[0]!)).toContain('trên Messenger');
    expect(await db.customers.count()).toBe(1);
    const zaloIdentity = await db.identities.where('platform').equals('zalo').first();
    expect(zaloIdentity?.link).toMatchObject({ by: 'phone', value: PHONE });
    // The customer keeps the name it started with; the Zalo identity keeps its own.
    expect((await db.customers.get(fb.customerId))?.displayName).toBe('Nguyễn Thu Hà');
    expect(zaloIdentity?.displayName).toBe('Chị Lan Phương');

    // Seen again later, still linked, still says why.
    const again = await recordConversation(db, zaloSnap(), clockAt(T0 + DAY));
    expect(again.customerId).toBe(fb.customerId);
    expect(again.evidence.map((e) => e.code)).toContain('linked-phone');
  });

  it('links Instagram to Messenger by e-mail', async () => {
    const db = freshDb();
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('mail của mình: Thu.Ha@Gmail.com')] }),
      clockAt(T0),
    );
    const ig = await recordConversation(
      db,
      snap({
        platform: 'instagram',
        externalId: '340282366841710300949128175046213598732',
        displayName: 'thuha.98',
        messages: [incoming('thu.ha@gmail.com đây shop')],
      }),
      clockAt(T0 + 60_000),
    );
    expect(ig.customerId).toBe(fb.customerId);
    expect(ig.evidence[0]).toMatchObject({ code: 'linked-email', value: 'thu.ha@gmail.com' });
  });

  it('does not link on the shop’s own number quoted back, nor from a group chat', async () => {
    const db = freshDb();
    const hotline = 'Hotline shop: 0909 123 456';
    await recordConversation(
      db,
      snap({ messages: [outgoing(hotline), incoming('Shop số 0909 123 456 phải không ạ')] }),
      clockAt(T0),
    );
    expect((await db.customers.toArray())[0]?.phones).toEqual([]);

    await recordConversation(
      db,
      snap({ externalId: '100000000000009', messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const group = await recordConversation(
      db,
      zaloSnap({
        externalId: 'g5123804417729365018',
        isGroup: true,
        displayName: 'Khách sỉ',
        messages: [incoming('SĐT 0912 345 678')],
      }),
      clockAt(T0),
    );
    expect(group.evidence.map((e) => e.code)).not.toContain('linked-phone');
    expect(await db.customers.count()).toBe(3);
  });

  it('leaves it to the agent when the number is on two customers, or the customer already writes from this inbox', async () => {
    const db = freshDb();
    const a = await recordConversation(
      db,
      snap({ externalId: '100000000000001', messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    // Same Page, another person writing the same number (a shared family phone).
    const b = await recordConversation(
      db,
      snap({
        externalId: '100000000000002',
        displayName: 'Trần Văn Nam',
        messages: [incoming('Gọi giúp em số 0912345678')],
      }),
      clockAt(T0),
    );
    expect(b.customerId).not.toBe(a.customerId);
    expect((await db.customers.get(b.customerId))?.phones).toEqual([PHONE]);
    // Now two customers carry it: a third identity is not linked to either.
    const c = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('sdt 0912 345 678')] }),
      clockAt(T0),
    );
    expect([a.customerId, b.customerId]).not.toContain(c.customerId);
    // Each of them is suggested to the others.
    const suggested = await suggestionsFor(db, a.customerId);
    expect(
      suggested
        .filter((s) => s.kind === 'same-phone')
        .map((s) => s.customerId)
        .sort(),
    ).toEqual([b.customerId, c.customerId].sort());
  });

  it('adds numbers a known customer writes later, and never links weak identities', async () => {
    const db = freshDb();
    const first = await recordConversation(db, snap(), clockAt(T0));
    await recordConversation(
      db,
      snap({
        messages: [incoming('Còn hàng không', T0 - 60_000), incoming('0987 654 321', T0 + 1)],
      }),
      clockAt(T0 + 60_000),
    );
    expect((await db.customers.get(first.customerId))?.phones).toEqual(['+84987654321']);
    const weak = await recordConversation(
      db,
      snap({
        externalId: 'weak:Hà|',
        idConfidence: 'weak',
        idSource: 'header',
        messages: [incoming('0987 654 321')],
      }),
      clockAt(T0),
    );
    expect(weak.customerId).toBe('unconfirmed');
    expect(weak.evidence.map((e) => e.code)).not.toContain('linked-phone');
    expect(await db.identities.count()).toBe(1);
  });

  it('finds numbers written on days between two sightings', async () => {
    const db = freshDb();
    const first = await recordConversation(db, snap(), clockAt(T0));
    // The customer wrote the next evening; the agent opens the thread two days later.
    await recordConversation(
      db,
      snap({
        messages: [
          incoming('Còn màu xanh không shop?', T0 - 60_000),
          incoming('Em lấy nhé, 0987654321', T0 + DAY),
        ],
      }),
      clockAt(T0 + 2 * DAY),
    );
    expect((await db.customers.get(first.customerId))?.phones).toEqual(['+84987654321']);
  });
});

describe('a number written later, and undoing a link', () => {
  it('folds a customer that is only this identity’s sightings into the one the number points to', async () => {
    const db = freshDb();
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const z1 = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('Chào shop', T0)] }),
      clockAt(T0),
    );
    expect(z1.customerId).not.toBe(fb.customerId);
    expect(z1.status).toBe('new');
    const z2 = await recordConversation(
      db,
      zaloSnap({
        messages: [incoming('Chào shop', T0), incoming('sđt em 0912345678', T0 + 60_000)],
      }),
      clockAt(T0 + 60_000),
    );
    expect(z2.customerId).toBe(fb.customerId);
    expect(z2.status).toBe('returning');
    expect(z2.evidence[0]).toMatchObject({ code: 'linked-phone', value: PHONE });
    expect(await db.customers.get(z1.customerId)).toBeUndefined();
    // Today's Zalo touchpoint went along, with both messages counted once.
    const zaloDay = (await db.touchpoints.toArray()).filter((t) => t.platform === 'zalo');
    expect(zaloDay).toEqual([expect.objectContaining({ customerId: fb.customerId, count: 2 })]);

    // The agent says it is a different person: undo gives the Zalo customer back, and the
    // same number does not link them again.
    const [merge] = await db.merges.toArray();
    expect(merge).toMatchObject({ by: 'phone', value: PHONE, sourceId: z1.customerId });
    await unmergeCustomers(db, merge!.id, T0 + 120_000);
    const z3 = await recordConversation(
      db,
      zaloSnap({
        messages: [
          incoming('Chào shop', T0),
          incoming('sđt em 0912345678', T0 + 60_000),
          incoming('nhắc lại: 0912 345 678', T0 + 180_000),
        ],
      }),
      clockAt(T0 + 180_000),
    );
    expect(z3.customerId).toBe(z1.customerId);
    expect(z3.evidence.map((e) => e.code)).not.toContain('linked-phone');
    expect(await suggestionsFor(db, z1.customerId)).toEqual([]);
  });

  it('does not fold a customer the agent worked on (a note), but suggests it', async () => {
    const db = freshDb();
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const z1 = await recordConversation(db, zaloSnap({ messages: [] }), clockAt(T0));
    await addNote(db, { customerId: z1.customerId, text: 'Khách sỉ' }, T0);
    const z2 = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('0912345678', T0 + 1)] }),
      clockAt(T0 + 2),
    );
    expect(z2.customerId).toBe(z1.customerId);
    expect(await suggestionsFor(db, z1.customerId)).toEqual([
      expect.objectContaining({ kind: 'same-phone', customerId: fb.customerId }),
    ]);
  });

  it('undoes a link made at first sight: the identity gets the customer it would have started', async () => {
    const db = freshDb();
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const before = await db.customers.get(fb.customerId);
    const zalo = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('0912 345 678, mail lan@example.vn', T0 + 1)] }),
      clockAt(T0 + 2),
    );
    expect(zalo.customerId).toBe(fb.customerId);
    const [merge] = await db.merges.toArray();
    const { restored } = await unmergeCustomers(db, merge!.id, T0 + 3);
    expect(restored).toMatchObject({ identities: 1, touchpoints: 1 });
    const split = await db.customers.get(merge!.sourceId);
    expect(split).toMatchObject({
      displayName: 'Chị Lan Phương',
      phones: [PHONE],
      emails: ['lan@example.vn'],
      firstSeenPlatform: 'zalo',
    });
    // The e-mail came with the Zalo thread only: it leaves the Messenger customer.
    expect(await db.customers.get(fb.customerId)).toMatchObject({
      phones: before?.phones,
      emails: [],
    });
    const again = await recordConversation(db, zaloSnap({ messages: [] }), clockAt(T0 + 4));
    expect(again.customerId).toBe(merge!.sourceId);
    expect((await db.identities.where('platform').equals('zalo').first())?.link).toBeUndefined();
  });
});

describe('agent actions: add a phone, suggestions', () => {
  it('adds a phone the agent typed and suggests, never merges, another customer carrying it', async () => {
    const db = freshDb();
    const a = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const b = await recordConversation(
      db,
      zaloSnap({ externalId: '7298104475610389223', displayName: 'Nguyễn Văn Hậu', messages: [] }),
      clockAt(T0),
    );
    const result = await addContact(db, b.customerId, 'phone', '0912.345.678', T0);
    expect(result).toMatchObject({ added: true, value: PHONE, phones: [PHONE] });
    expect(result.suggestions).toEqual([
      { kind: 'same-phone', customerId: a.customerId, displayName: 'Nguyễn Thu Hà', value: PHONE },
    ]);
    expect(await db.customers.count()).toBe(2);
    const again = await addContact(db, b.customerId, 'phone', '+84912345678', T0);
    expect(again.added).toBe(false);

    await dismissSuggestion(db, b.customerId, a.customerId, T0);
    expect((await addContact(db, b.customerId, 'phone', PHONE, T0)).suggestions).toEqual([]);
    expect(await suggestionsFor(db, a.customerId)).toEqual([]);
  });

  it('suggests look-alike names, with or without the honorific, never links on them', async () => {
    const db = freshDb();
    const lan = await recordConversation(
      db,
      zaloSnap({ displayName: 'Chị Lan Phương', messages: [] }),
      clockAt(T0),
    );
    const other = await recordConversation(
      db,
      snap({ displayName: 'Lan Phuong', messages: [] }),
      clockAt(T0),
    );
    await recordConversation(
      db,
      snap({ externalId: '100000000000003', displayName: 'Trần Minh Khoa', messages: [] }),
      clockAt(T0),
    );
    expect(other.customerId).not.toBe(lan.customerId);
    const suggestions = await suggestionsFor(db, lan.customerId);
    expect(suggestions).toEqual([
      expect.objectContaining({ kind: 'name', customerId: other.customerId, score: 1 }),
    ]);
  });

  it('refuses malformed requests naming the field, and bad values with a reason', async () => {
    const db = freshDb();
    const a = await recordConversation(db, snap(), clockAt(T0));
    await expect(
      handleAddContact(db, { customerId: a.customerId, kind: 'fax', value: '1' }),
    ).rejects.toThrow(/addContact: bad request: kind: expected one of "phone", "email"/);
    await expect(handleAddContact(db, { customerId: a.customerId, kind: 'phone' })).rejects.toThrow(
      /value: expected string/,
    );
    await expect(
      handleAddContact(db, { customerId: a.customerId, kind: 'phone', value: '1900 1234' }),
    ).rejects.toThrow(/value: not a Vietnamese phone number/);
    await expect(
      handleAddContact(db, { customerId: a.customerId, kind: 'email', value: 'lan@' }),
    ).rejects.toThrow(/value: not an e-mail address/);
    await expect(
      handleAddContact(db, { customerId: 'nobody', kind: 'phone', value: '0912345678' }),
    ).rejects.toThrow(/customerId: no customer nobody/);
    await expect(handleGetSuggestions(db, { customerId: 'bad id!' })).rejects.toThrow(
      /getSuggestions: bad request: customerId: expected an id/,
    );
    expect((await db.customers.get(a.customerId))?.phones).toEqual([]);
  });
});
