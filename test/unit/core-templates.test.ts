import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callName,
  fillTemplate,
  ReplyTemplateSchema,
  TemplateInputSchema,
  templateBodyIssues,
  VARIABLES,
  xungHoFromName,
} from '@/core/templates';

describe('fillTemplate', () => {
  it('fills every variable', () => {
    const r = fillTemplate(
      'Dạ {xung_ho} {ten_khach} ơi, {ten_shop} gửi {so_don} đơn {san_pham_gan_nhat} ngày {ngay_mua_gan_nhat}. {ten_nhan_vien}',
      {
        xung_ho: 'chị',
        ten_khach: 'Hà',
        ten_shop: 'Hoa Shop',
        so_don: '3',
        san_pham_gan_nhat: 'váy hoa',
        ngay_mua_gan_nhat: '12/03/2026',
        ten_nhan_vien: 'Mai',
      },
    );
    expect(r).toEqual({
      text: 'Dạ chị Hà ơi, Hoa Shop gửi 3 đơn váy hoa ngày 12/03/2026. Mai',
      missing: [],
    });
  });

  it('capitalises a variable that starts a sentence, not one inside it', () => {
    expect(fillTemplate('{xung_ho} ơi! {xung_ho} cần gì ạ?', { xung_ho: 'chị' }).text).toBe(
      'Chị ơi! Chị cần gì ạ?',
    );
    expect(fillTemplate('Dạ {xung_ho} ơi', { xung_ho: 'chị' }).text).toBe('Dạ chị ơi');
    expect(fillTemplate('Dạ.\n{xung_ho} ơi', {}).text).toBe('Dạ.\nBạn ơi');
  });

  it('uses the inline fallback, then the default', () => {
    expect(fillTemplate('Chào {ten_khach|bạn} nhé', {}).text).toBe('Chào bạn nhé');
    expect(fillTemplate('Dạ chào {xung_ho}', {}).text).toBe('Dạ chào bạn');
    expect(fillTemplate('{ten_shop} xin chào', {}).text).toBe('Shop xin chào');
  });

  it('drops a variable with no value and tidies the sentence around it', () => {
    const r = fillTemplate('Dạ chào {xung_ho} {ten_khach}, {ten_shop} đây ạ.', {});
    expect(r).toEqual({ text: 'Dạ chào bạn, shop đây ạ.', missing: ['ten_khach'] });
    expect(fillTemplate('Cảm ơn {ten_khach} ({san_pham_gan_nhat}) !', {}).text).toBe('Cảm ơn!');
    expect(fillTemplate('{ten_khach}, mình gửi ạ', {}).text).toBe('mình gửi ạ');
  });

  it('never leaves a raw {…}, whatever the body and values', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 10 }),
            fc.constantFrom(...VARIABLES.map((v) => `{${v}}`), '{ten_khach|bạn}', '{x}', '{'),
          ),
          { maxLength: 12 },
        ),
        fc.dictionary(fc.constantFrom(...VARIABLES), fc.constantFrom('', 'chị', 'Hà', ' ')),
        (parts, vars) => {
          const { text } = fillTemplate(parts.join(''), vars);
          expect(text).not.toMatch(/\{[^{}]*\}/);
          expect(text).not.toMatch(/ {2}/);
        },
      ),
    );
  });
});

describe('template validation', () => {
  const base = {
    id: 't1',
    title: 'Phí ship',
    body: 'Dạ {xung_ho} ơi',
    segments: [],
    intents: ['ship'],
    shortcut: 'ship',
    builtin: false,
    updatedAt: 1,
  };

  it('accepts a good template', () => {
    expect(ReplyTemplateSchema.safeParse(base).success).toBe(true);
  });

  it('names an unknown variable plainly', () => {
    expect(templateBodyIssues('Chào {ten_khac}')[0]).toContain('unknown variable {ten_khac}');
    const r = TemplateInputSchema.safeParse({ ...base, body: 'Chào {ten}' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('unknown variable {ten}');
  });

  it('refuses stray braces, bad shortcuts, unknown segments and repeated tags', () => {
    expect(templateBodyIssues('Chào {ten_khach')).toHaveLength(1);
    expect(ReplyTemplateSchema.safeParse({ ...base, shortcut: '/Ship' }).success).toBe(false);
    expect(ReplyTemplateSchema.safeParse({ ...base, segments: ['gold'] }).success).toBe(false);
    expect(ReplyTemplateSchema.safeParse({ ...base, intents: ['ship', 'ship'] }).success).toBe(
      false,
    );
    expect(ReplyTemplateSchema.safeParse({ ...base, title: '  ' }).success).toBe(false);
  });
});

describe('names', () => {
  it.each([
    ['Nguyễn Thu Hà', 'Hà'],
    ['Chị Lan Phương', 'Phương'],
    ['Tuấn', 'Tuấn'],
    ['John Smith', 'John'],
    ['tran van duc', 'duc'],
    ['🌸 Mai 🌸', 'Mai'],
    ['', ''],
  ])('%s is called %s', (name, called) => {
    expect(callName(name)).toBe(called);
  });

  it('reads a salutation the name carries', () => {
    expect(xungHoFromName('Chị Lan')).toBe('chị');
    expect(xungHoFromName('A Tuấn')).toBe('anh');
    expect(xungHoFromName('Lan')).toBe('');
    expect(xungHoFromName('Nguyễn Thu Hà')).toBe('');
  });
});
