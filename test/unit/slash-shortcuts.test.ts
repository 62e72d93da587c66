import { describe, expect, it } from 'vitest';
import { slashTokenBefore } from '@/content-scripts/slash-shortcuts';

describe('"/" shortcuts', () => {
  it('finds the shortcut that ends at the caret, at the start or after a space', () => {
    expect(slashTokenBefore('/ship', 5)).toEqual({ start: 0, shortcut: 'ship' });
    expect(slashTokenBefore('Dạ /Ship', 8)).toEqual({ start: 3, shortcut: 'ship' });
    expect(slashTokenBefore('/bảo-hành', 9)).toEqual({ start: 0, shortcut: 'bảo-hành' });
  });

  it('leaves links, dates and text after the caret alone', () => {
    expect(slashTokenBefore('https://shop.vn/ship', 20)).toBeNull();
    expect(slashTokenBefore('12/11', 5)).toBeNull();
    expect(slashTokenBefore('/ship ok', 8)).toBeNull();
    expect(slashTokenBefore('/', 1)).toBeNull();
    expect(slashTokenBefore('/ship', 3)).toEqual({ start: 0, shortcut: 'sh' });
  });
});
