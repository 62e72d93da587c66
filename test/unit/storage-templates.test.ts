// Templates, usage, salutations and the replies a resolved conversation carries.
import { describe, expect, it } from 'vitest';
import { CustomerViewSchema } from '@/core/customer-view';
import { defaultTemplates } from '@/core/default-templates';
import { recordConversation } from '@/storage/conversations';
import { KqDb } from '@/storage/db';
import { putOrder } from '@/storage/orders';
import {
  handleDeleteTemplate,
  handleExpandShortcut,
  handleListTemplates,
  handlePreviewTemplate,
  handleReplyUsed,
  handleSaveReplySettings,
  handleSaveTemplate,
  handleSetXungHo,
  type ReplyContext,
} from '@/storage/template-handlers';
import {
  customerVars,
  deleteTemplate,
  listTemplates,
  ReplyCache,
  recordReplyUse,
  replyUsage,
  SEEDED_TEMPLATES_KEY,
  saveTemplate,
  setXungHo,
  withReplies,
} from '@/storage/templates';
import { clockAt, DAY, freshDb, incoming, outgoing, snap, T0 } from './storage-helpers';

const PACK = defaultTemplates(0).length;

function context(db: KqDb, memberName?: string): ReplyContext {
  return { db, cache: new ReplyCache(db), memberName: async () => memberName };
}

const draft = {
  title: 'Hỏi màu',
  body: 'Dạ {xung_ho} {ten_khach} thích màu nào ạ?',
  segments: [],
  intents: ['stock'],
  shortcut: 'mau',
};

describe('templates', () => {
  it('seeds the default pack once, on first use', async () => {
    const db = freshDb();
    expect(await db.replyTemplates.count()).toBe(0);
    const list = await listTemplates(db, 5);
    expect(list).toHaveLength(PACK);
    expect(list.every((t) => t.builtin && t.updatedAt === 5)).toBe(true);
    await listTemplates(db, 9);
    expect((await db.replyTemplates.toArray()).every((t) => t.updatedAt === 5)).toBe(true);
  });

  it('keeps an edited builtin as edited, and never brings a deleted one back', async () => {
    const db = freshDb();
    await listTemplates(db);
    const ship = (await db.replyTemplates.get('builtin.ship-cod'))!;
    const edited = await saveTemplate(db, { ...ship, body: 'Dạ có ship COD ạ' }, 7);
    expect(edited).toMatchObject({ id: ship.id, builtin: true, updatedAt: 7 });
    await deleteTemplate(db, 'builtin.greet-new');
    const list = await listTemplates(db);
    expect(list).toHaveLength(PACK - 1);
    expect(list.find((t) => t.id === 'builtin.greet-new')).toBeUndefined();
    expect(list.find((t) => t.id === ship.id)?.body).toBe('Dạ có ship COD ạ');
    // Reopening the database (a new worker) seeds nothing again.
    const again = new KqDb(db.name);
    expect(await listTemplates(again)).toHaveLength(PACK - 1);
    again.close();
  });

  it('seeds a newer pack without taking a shortcut the shop already uses', async () => {
    const db = freshDb();
    await listTemplates(db);
    await deleteTemplate(db, 'builtin.ship-cod');
    await saveTemplate(db, { ...draft, shortcut: 'ship' });
    // As if a newer release added builtin.ship-cod to the pack: seed it once more.
    const seeded = (await db.settings.get(SEEDED_TEMPLATES_KEY))!.value as string[];
    await db.settings.put({
      key: SEEDED_TEMPLATES_KEY,
      value: seeded.filter((id) => id !== 'builtin.ship-cod'),
    });
    const list = await listTemplates(db);
    expect(list.find((t) => t.id === 'builtin.ship-cod')?.shortcut).toBeUndefined();
    expect(list.filter((t) => t.shortcut === 'ship')).toHaveLength(1);
  });

  it('creates a template of the shop and refuses bad ones plainly', async () => {
    const db = freshDb();
    const t = await saveTemplate(db, draft);
    expect(t).toMatchObject({ ...draft, builtin: false });
    expect(t.id).toMatch(/^tpl\./);
    await expect(saveTemplate(db, { ...draft, body: 'Chào {ten}' })).rejects.toThrow(
      'unknown variable {ten}',
    );
    await expect(saveTemplate(db, { ...draft, shortcut: 'ship' })).rejects.toThrow(
      'shortcut /ship is already used by "Ship COD toàn quốc"',
    );
    await expect(saveTemplate(db, { ...draft, id: 'nope' })).rejects.toThrow('no template nope');
    expect(await db.replyTemplates.count()).toBe(PACK + 1);
  });

  it('counts picks per template, status and intent; deleting a template drops its counts', async () => {
    const db = freshDb();
    await listTemplates(db);
    const pick = {
      templateId: 'builtin.ship-cod',
      status: 'new' as const,
      intents: ['ship' as const],
    };
    await recordReplyUse(db, pick);
    await recordReplyUse(db, pick);
    await recordReplyUse(db, { ...pick, intents: [] });
    expect(await replyUsage(db)).toEqual([
      { templateId: 'builtin.ship-cod', status: 'new', intent: 'none', count: 1 },
      { templateId: 'builtin.ship-cod', status: 'new', intent: 'ship', count: 2 },
    ]);
    await expect(recordReplyUse(db, { ...pick, templateId: 'x' })).rejects.toThrow('no template x');
    await deleteTemplate(db, 'builtin.ship-cod');
    expect(await replyUsage(db)).toEqual([]);
  });
});

describe('customer variables', () => {
  it('come from the name, the salutation, the latest order and the settings', async () => {
    const db = freshDb();
    const { customerId } = await recordConversation(db, snap(), clockAt(T0));
    await putOrder(db, {
      customerId,
      code: 'A1',
      placedAt: T0 - 40 * DAY,
      total: 300_000,
      status: 'delivered',
      items: [{ name: 'Áo len', quantity: 1, price: 300_000 }],
    });
    await putOrder(db, {
      customerId,
      code: 'A2',
      placedAt: T0 - 2 * DAY,
      total: 450_000,
      status: 'delivered',
      items: [{ name: 'Váy hoa nhí', quantity: 1, price: 450_000 }],
    });
    await putOrder(db, { customerId, code: 'A3', placedAt: T0, total: 1, status: 'cancelled' });
    await setXungHo(db, customerId, 'chị');
    const settings = { shopName: 'Hoa Shop', agentName: 'Mai', slashShortcuts: true };
    expect(await customerVars(db, { customerId, settings })).toEqual({
      vars: {
        ten_khach: 'Hà',
        xung_ho: 'chị',
        ten_shop: 'Hoa Shop',
        san_pham_gan_nhat: 'Váy hoa nhí',
        so_don: '2',
        ngay_mua_gan_nhat: '29/11/2026',
        ten_nhan_vien: 'Mai',
        // Loyalty tiers (issue 9): 750.000đ kept (the cancelled order does not count) of
        // the 2.000.000đ Bạc asks for.
        hang: 'Thành viên',
        con_thieu_len_hang: '1.250.000đ để lên hạng Bạc',
      },
      xungHo: 'chị',
    });
    // Connected: the team member's name wins; cleared salutation falls back to the default.
    await setXungHo(db, customerId, '');
    const again = await customerVars(db, { customerId, settings, memberName: 'Tuấn' });
    expect(again.vars.ten_nhan_vien).toBe('Tuấn');
    expect(again.vars.xung_ho).toBeUndefined();
    expect(again.xungHo).toBeUndefined();
    await expect(setXungHo(db, 'nobody', 'anh')).rejects.toThrow('no customer nobody');
  });
});

describe('replies on the view', () => {
  it('a returning customer writing "ship cod ko shop" gets a shipping reply with their name on top', async () => {
    const db = freshDb();
    await recordConversation(db, snap(), clockAt(T0 - 3 * DAY));
    const messages = [
      incoming('Còn màu xanh không shop?', T0 - 3 * DAY),
      outgoing('Dạ còn ạ', T0 - 3 * DAY),
      incoming('ship cod ko shop', T0 - 60_000),
    ];
    const view = await recordConversation(db, snap({ messages }), clockAt(T0));
    expect(view.status).toBe('returning');
    const withR = await withReplies(db, new ReplyCache(db), view, messages);
    expect(CustomerViewSchema.parse(withR)).toEqual(withR);
    expect(withR.replies).toHaveLength(9);
    expect(withR.replyIntents).toEqual(['ship']);
    const top = withR.replies![0]!;
    expect(top.templateId).toBe('builtin.ship-cod-known');
    expect(top.text).toContain('Hà');
    expect(top.text).toMatch(/^Dạ có ạ bạn Hà! Shop vẫn ship COD/);
  });

  it('an unconfirmed customer still gets replies, filled from the page only', async () => {
    const db = freshDb();
    const view = await recordConversation(
      db,
      snap({ idConfidence: 'weak', messages: [incoming('hi shop')] }),
      clockAt(T0),
    );
    const withR = await withReplies(db, new ReplyCache(db), view, [incoming('hi shop')]);
    expect(withR.customerId).toBe('unconfirmed');
    expect(withR.replies?.[0]?.text).toMatch(/chào/);
    expect(withR.xungHo).toBeUndefined();
  });

  it('follows edits through the handlers (cache invalidated) and reports bad payloads', async () => {
    const db = freshDb();
    const ctx = context(db, 'Mai');
    const view = await recordConversation(db, snap(), clockAt(T0));
    const messages = [incoming('ship cod ko')];
    const before = await withReplies(db, ctx.cache, view, messages);
    expect(before.replies?.[0]?.templateId).toBe('builtin.ship-cod');

    const saved = await handleSaveTemplate(ctx, { ...draft, intents: ['ship'], shortcut: 'cod' });
    expect(saved.ok).toBe(true);
    const id = saved.ok ? saved.template.id : '';
    for (let i = 0; i < 10; i++) {
      expect(
        await handleReplyUsed(ctx, { templateId: id, status: 'new', intents: ['ship'] }),
      ).toEqual({
        ok: true,
      });
    }
    const after = await withReplies(db, ctx.cache, view, messages);
    expect(after.replies?.[0]).toEqual({
      templateId: id,
      title: 'Hỏi màu',
      text: 'Dạ bạn Hà thích màu nào ạ?',
      shortcut: 'cod',
    });

    expect(await handleReplyUsed(ctx, { templateId: id, status: 'gold', intents: [] })).toEqual({
      ok: false,
      error: expect.stringContaining('bad replyUsed: status: expected one of'),
    });
    expect(await handleReplyUsed(ctx, null)).toMatchObject({ ok: false });
    expect(await handleSaveTemplate(ctx, { ...draft, body: '{oops}' })).toEqual({
      ok: false,
      error: expect.stringContaining('unknown variable {oops}'),
    });
    expect(await handleDeleteTemplate(ctx, { id: 'missing' })).toEqual({
      ok: false,
      error: 'no template missing',
    });
    expect(
      await handleSetXungHo(ctx, { customerId: view.customerId, xungHo: 'ông' }),
    ).toMatchObject({
      ok: false,
    });
    expect(await handleSetXungHo(ctx, { customerId: view.customerId, xungHo: 'chị' })).toEqual({
      ok: true,
    });
    const withName = await withReplies(db, ctx.cache, view, messages);
    expect(withName.xungHo).toBe('chị');
    expect(withName.replies?.[0]?.text).toBe('Dạ chị Hà thích màu nào ạ?');

    expect(await handleDeleteTemplate(ctx, { id })).toEqual({ ok: true });
    expect((await handleListTemplates(ctx)).some((t) => t.id === id)).toBe(false);
  });

  it('expands a slash shortcut for a customer, unless turned off', async () => {
    const db = freshDb();
    const ctx = context(db);
    const { customerId } = await recordConversation(db, snap(), clockAt(T0));
    await handleSaveReplySettings(ctx, { shopName: 'Hoa Shop' });
    const r = await handleExpandShortcut(ctx, { customerId, shortcut: '/ship' });
    expect(r).toEqual({
      ok: true,
      templateId: 'builtin.ship-cod',
      text: 'Dạ Hoa Shop có ship COD toàn quốc ạ, bạn nhận hàng, kiểm tra rồi mới thanh toán nhé. Nội thành 1–2 ngày, tỉnh 3–5 ngày ạ.',
    });
    expect(await handleExpandShortcut(ctx, { customerId, shortcut: '/nope' })).toEqual({
      ok: false,
      error: 'no template with shortcut /nope',
    });
    expect(await handleExpandShortcut(ctx, { customerId: '', shortcut: 'ship' })).toMatchObject({
      ok: false,
    });
    expect(await handleSaveReplySettings(ctx, { slashShortcuts: false })).toMatchObject({
      ok: true,
      settings: { shopName: 'Hoa Shop', slashShortcuts: false },
    });
    expect(await handleExpandShortcut(ctx, { customerId, shortcut: 'ship' })).toEqual({
      ok: false,
      error: 'slash shortcuts are turned off',
    });
    expect(await handleSaveReplySettings(ctx, { shopName: 5 })).toEqual({
      ok: false,
      error: 'shopName must be text',
    });
  });

  it('previews a body with the most recently seen customer', async () => {
    const db = freshDb();
    const ctx = context(db, 'Mai');
    await recordConversation(
      db,
      snap({ externalId: '1', displayName: 'Trần Văn Đức' }),
      clockAt(T0 - DAY),
    );
    await recordConversation(db, snap({ externalId: '2', displayName: 'Lê Thị Lan' }), clockAt(T0));
    expect(
      await handlePreviewTemplate(ctx, {
        body: '{xung_ho} {ten_khach} ơi, {ten_nhan_vien} đây. {so_don}',
      }),
    ).toEqual({
      ok: true,
      text: 'Bạn Lan ơi, Mai đây.',
      missing: ['so_don'],
      customerName: 'Lê Thị Lan',
    });
    expect(await handlePreviewTemplate(ctx, { body: 'Chào {ten}' })).toEqual({
      ok: false,
      error: expect.stringContaining('unknown variable {ten}'),
    });
    // An empty database still previews, with the defaults.
    expect(await handlePreviewTemplate(context(freshDb()), { body: 'Chào {xung_ho}' })).toEqual({
      ok: true,
      text: 'Chào bạn',
      missing: [],
    });
  });
});
