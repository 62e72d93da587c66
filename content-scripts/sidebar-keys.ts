// The sidebar's keyboard chords, read from the physical key (`code`): with Shift or Alt held,
// `key` is "!" or "¡" depending on the layout, while `code` stays "Digit1".
//   Alt+1…9        insert suggested reply 1…9 into the host composer (never sends)
//   Alt+Shift+1…9  put on / take off catalog label 1…9 for the open customer
//   Alt+Shift+→    move the open customer to the next pipeline stage

import type { ChordEvent } from '@/core/dock-layout';

export type Chord = { kind: 'reply' | 'label' | 'stage'; index: number };

export function chordOf(e: ChordEvent): Chord | null {
  // Mid-IME (Vietnamese Telex/VNI input: keyCode 229) the keys belong to the input method.
  if (!e.altKey || e.ctrlKey || e.metaKey || e.isComposing || e.keyCode === 229 || e.repeat)
    return null;
  if (e.code === 'ArrowRight') return e.shiftKey ? { kind: 'stage', index: 1 } : null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (!m) return null;
  return { kind: e.shiftKey ? 'label' : 'reply', index: Number(m[1]) - 1 };
}
