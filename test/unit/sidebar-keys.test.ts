import { describe, expect, it } from 'vitest';
import { chordOf } from '@/content-scripts/sidebar-keys';

const key = (code: string, mods: Partial<Record<string, boolean>> = {}) => ({
  code,
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('sidebar chords', () => {
  it('reads Alt+digit as a reply and Alt+Shift+digit as a label, by physical key', () => {
    expect(chordOf(key('Digit1', { altKey: true }))).toEqual({ kind: 'reply', index: 0 });
    expect(chordOf(key('Numpad9', { altKey: true }))).toEqual({ kind: 'reply', index: 8 });
    expect(chordOf(key('Digit3', { altKey: true, shiftKey: true }))).toEqual({
      kind: 'label',
      index: 2,
    });
  });

  it('reads Alt+Shift+→ as "next pipeline stage"; Alt+→ stays the browser’s', () => {
    expect(chordOf(key('ArrowRight', { altKey: true, shiftKey: true }))).toEqual({
      kind: 'stage',
      index: 1,
    });
    expect(chordOf(key('ArrowRight', { altKey: true }))).toBeNull();
    expect(chordOf(key('ArrowLeft', { altKey: true, shiftKey: true }))).toBeNull();
  });

  it('leaves every other key to the host', () => {
    expect(chordOf(key('Digit1'))).toBeNull();
    expect(chordOf(key('Digit0', { altKey: true }))).toBeNull();
    expect(chordOf(key('KeyK', { altKey: true, shiftKey: true }))).toBeNull();
    expect(chordOf(key('Digit1', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(chordOf(key('Digit1', { altKey: true, metaKey: true }))).toBeNull();
    expect(chordOf(key('Digit1', { altKey: true, isComposing: true }))).toBeNull();
    expect(chordOf(key('Digit1', { altKey: true, repeat: true }))).toBeNull();
  });
});
