import { describe, expect, it } from 'vitest';
import { defaultTemplates } from '@/core/default-templates';
import { detectIntents } from '@/core/intent';
import { type ReplyUsage, rankReplies, rankRepliesScored } from '@/core/rank-replies';
import { ReplyTemplateSchema, type TemplateVars } from '@/core/templates';

const templates = defaultTemplates(1);
const lan: TemplateVars = {
  ten_khach: 'Lan',
  xung_ho: 'chị',
  ten_shop: 'Hoa Shop',
  san_pham_gan_nhat: 'váy hoa nhí',
  so_don: '3',
  ngay_mua_gan_nhat: '12/03/2026',
  ten_nhan_vien: 'Mai',
};
const byId = (id: string) => templates.find((t) => t.id === id)!;

describe('the default pack', () => {
  it('is valid, with unique ids and shortcuts, and covers every case', () => {
    for (const t of templates) expect(ReplyTemplateSchema.safeParse(t).error).toBeUndefined();
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    expect(new Set(templates.map((t) => t.shortcut)).size).toBe(templates.length);
    expect(templates.length).toBeGreaterThanOrEqual(20);
    const intents = new Set(templates.flatMap((t) => t.intents));
    for (const i of [
      'price',
      'ship',
      'size',
      'stock',
      'return',
      'complaint',
      'address',
      'greeting',
      'thanks',
    ])
      expect(intents).toContain(i);
    const segments = new Set(templates.flatMap((t) => t.segments));
    for (const s of ['new', 'returning', 'vip', 'lapsed']) expect(segments).toContain(s);
  });
});

describe('rankReplies', () => {
  it('puts a shipping reply that names a returning customer on top of "ship cod ko shop"', () => {
    const [top] = rankReplies({
      templates,
      status: 'returning',
      intents: detectIntents('ship cod ko shop'),
      usage: [],
      vars: lan,
    });
    expect(byId(top!.templateId).intents).toContain('ship');
    expect(top!.text).toContain('Lan');
    expect(top!.text).not.toMatch(/[{}]/);
    expect(top!.shortcut).toBe('shipquen');
  });

  it('greets a new customer saying "hi shop"', () => {
    const replies = rankReplies({
      templates,
      status: 'new',
      intents: detectIntents('hi shop'),
      usage: [],
      vars: { xung_ho: 'bạn', ten_shop: 'Hoa Shop', ten_khach: 'Tú' },
    });
    expect(byId(replies[0]!.templateId).intents).toEqual(['greeting']);
    expect(replies[0]!.text.startsWith('Dạ Hoa Shop xin chào bạn Tú ạ!')).toBe(true);
    // Nothing written for another kind of customer.
    for (const r of replies) {
      const { segments } = byId(r.templateId);
      expect(segments.length === 0 || segments.includes('new')).toBe(true);
    }
  });

  it('offers nine at most, in a deterministic order', () => {
    const input = { templates, status: 'customer' as const, intents: [], usage: [], vars: lan };
    const a = rankReplies(input);
    expect(a).toHaveLength(9);
    expect(rankReplies({ ...input, templates: [...templates].reverse() })).toEqual(a);
    expect(rankReplies({ ...input, limit: 3 })).toEqual(a.slice(0, 3));
  });

  it('leaves out a reply too long to insert', () => {
    const long = {
      ...byId('builtin.ship-cod'),
      id: 'long',
      body: '{san_pham_gan_nhat} '.repeat(100),
    };
    const replies = rankReplies({
      templates: [long],
      status: 'new',
      intents: [],
      usage: [],
      vars: { san_pham_gan_nhat: 'x'.repeat(300) },
    });
    expect(replies).toEqual([]);
  });

  it('prefers a template it can fill completely', () => {
    const ranked = rankRepliesScored({
      templates,
      status: 'customer',
      intents: ['thanks'],
      usage: [],
      vars: { ...lan, so_don: undefined },
    });
    const ids = ranked.map((r) => r.templateId);
    expect(ids.indexOf('builtin.thanks-order')).toBeLessThan(ids.indexOf('builtin.thanks-regular'));
  });

  it('lifts a template the shop uses, in that context only', () => {
    const usage: ReplyUsage[] = [
      { templateId: 'builtin.ship-fee', status: 'new', intent: 'ship', count: 30 },
    ];
    const rank = (status: 'new' | 'customer', u: ReplyUsage[]) =>
      rankReplies({ templates, status, intents: ['ship'], usage: u, vars: lan }).map(
        (r) => r.templateId,
      );
    expect(rank('new', [])[0]).toBe('builtin.ship-cod');
    expect(rank('new', usage)[0]).toBe('builtin.ship-fee');
    // Another status, or another intent: no change.
    expect(rank('customer', usage)).toEqual(rank('customer', []));
    const price = (u: ReplyUsage[]) =>
      rankReplies({ templates, status: 'new', intents: ['price'], usage: u, vars: lan });
    expect(price(usage)).toEqual(price([]));
  });

  it('a few picks nudge, they do not override what the customer asks', () => {
    const usage: ReplyUsage[] = [
      { templateId: 'builtin.greet-new-short', status: 'new', intent: 'ship', count: 2 },
    ];
    const [top] = rankReplies({ templates, status: 'new', intents: ['ship'], usage, vars: lan });
    expect(byId(top!.templateId).intents).toContain('ship');
  });

  it('answers the question, not the greeting, when a customer does both', () => {
    const [top] = rankReplies({
      templates,
      status: 'new',
      intents: detectIntents('shop ơi còn hàng ko'),
      usage: [],
      vars: lan,
    });
    expect(byId(top!.templateId).intents).toContain('stock');
  });
});
