import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectIntents, INTENTS, type Intent, intentText, lastIncomingText } from '@/core/intent';
import { nameKey } from '@/core/text';

describe('detectIntents', () => {
  // Messages as customers write them, with and without diacritics.
  const table: [string, Intent[]][] = [
    ['ship cod ko shop', ['ship']],
    ['Ship COD không shop ơi', ['ship', 'greeting']],
    ['shop có ship về Đà Nẵng k', ['ship']],
    ['bao lâu thì nhận được hàng ạ', ['ship']],
    ['phí vận chuyển bnhiu', ['price', 'ship']],
    ['giá bn vậy shop', ['price']],
    ['Giá bao nhiêu ạ?', ['price']],
    ['cái này bn', ['price']],
    ['bnhiu 1 cái', ['price']],
    ['bn ơi', ['greeting']],
    ['gia dinh minh 4 nguoi', []],
    ['mình muốn tham gia nhóm', []],
    ['size m mặc vừa không', ['size']],
    ['em cao 1m58 nặng 50kg mặc size gì', ['size']],
    ['con size L ko shop', ['size', 'stock']],
    ['còn hàng ko', ['stock']],
    ['Còn màu xanh không shop?', ['stock']],
    ['mẫu này hết hàng chưa', ['stock']],
    ['đổi trả được không shop', ['return']],
    ['mình muốn đổi size', ['size', 'return']],
    ['hoàn tiền cho mình', ['return']],
    ['bảo hành bao lâu', ['return']],
    ['shop lừa đảo à', ['complaint']],
    ['chán thật sự', ['complaint']],
    ['hàng lỗi rồi shop ơi', ['complaint', 'greeting']],
    ['giao sai màu', ['ship', 'complaint']],
    ['trả lời đi shop', []],
    ['hi shop', ['greeting']],
    ['Chào shop', ['greeting']],
    ['alooo', ['greeting']],
    ['sdt của mình 0912 345 678', ['address']],
    ['sđt 0912.345.678, địa chỉ 12 Nguyễn Trãi', ['address']],
    ['cho mình xin số điện thoại', ['address']],
    ['chốt đơn nha shop', ['address']],
    ['cảm ơn shop nhiều', ['thanks']],
    ['thanksss', ['thanks']],
    ['tks shop', ['thanks']],
    ['cho mình hỏi áo này còn size M không ạ', ['size', 'stock']],
    ['có màu đen không', ['stock']],
    ['Mình đặt 2 cái nha', ['address']],
    ['Shop ơi mình nhận được hàng rồi nhưng bị rách', ['complaint', 'greeting']],
    ['đơn của mình đến đâu rồi', ['ship']],
    ['mấy ngày thì tới', ['ship']],
    ['sao lâu thế', ['complaint']],
    ['Có ai ở đó không', ['greeting']],
    ['phí ship nhiêu', ['price', 'ship']],
    ['cảm ơn shop nha, hàng đẹp lắm', ['thanks']],
    ['mình ở Hà Nội', []],
    ['', []],
    ['😀😀😀', []],
    ['ok', []],
    ['bnm', []],
  ];
  it.each(table)('%s → %j', (text, intents) => {
    expect(detectIntents(text)).toEqual(intents);
  });

  it('reads a split question: the latest turn after the shop last replied', () => {
    const text = lastIncomingText([
      { direction: 'in', text: 'hi shop' },
      { direction: 'out', text: 'Dạ shop chào bạn ạ' },
      { direction: 'in', text: 'áo này' },
      { direction: 'system', text: 'Hôm nay' },
      { direction: 'in', text: 'ship cod ko' },
    ]);
    expect(text).toBe('áo này\nship cod ko');
    expect(detectIntents(text)).toEqual(['ship']);
  });

  it('skips an automated greeting when finding the turn', () => {
    expect(
      lastIncomingText([
        { direction: 'in', text: 'giá bn' },
        { direction: 'out', text: 'Cảm ơn đã nhắn tin', automated: true },
        { direction: 'in', text: 'shop ơi' },
      ]),
    ).toBe('giá bn\nshop ơi');
  });

  it('cuts stretched letters', () => {
    expect(intentText('Shoppp ơiiii!!! ship koooo')).toBe('shop oi ship ko');
  });

  // Every phrase from the table above, with diacritics in place or stripped word by word.
  const vocabulary = table.flatMap(([text]) => text.split(/\s+/)).filter(Boolean);
  it('removing diacritics never changes the detected intents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...vocabulary), fc.boolean()), { maxLength: 8 }),
        (words) => {
          const withMarks = words.map(([w]) => w).join(' ');
          const mixed = words.map(([w, strip]) => (strip ? nameKey(w) : w)).join(' ');
          const stripped = nameKey(withMarks);
          const expected = detectIntents(withMarks);
          expect(detectIntents(mixed)).toEqual(expected);
          expect(detectIntents(stripped)).toEqual(expected);
          expect(detectIntents(withMarks.toUpperCase())).toEqual(expected);
        },
      ),
    );
  });

  it('answers only known intents, each once, in a fixed order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const found = detectIntents(text);
        expect(new Set(found).size).toBe(found.length);
        const order = found.map((i) => INTENTS.indexOf(i));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
    );
  });
});
