// The sidebar's keyboard chords, read from the physical key (`code`): with Shift or Alt held,
// `key` is "!" or "¡" depending on the layout, while `code` stays "Digit1".
//   Alt+1…9        insert suggested reply 1…9 into the host composer (never sends)
//   Alt+Shift+1…9  put on / take off catalog label 1…9 for the open customer

export type Chord = { kind: 'reply' | 'label'; index: number };

interface KeyLike {
  code: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
  repeat?: boolean;
}

export function chordOf(e: KeyLike): Chord | null {
  // Mid-IME (Vietnamese Telex/VNI input) the keys belong to the input method.
  if (!e.altKey || e.ctrlKey || e.metaKey || e.isComposing || e.repeat) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (!m) return null;
  return { kind: e.shiftKey ? 'label' : 'reply', index: Number(m[1]) - 1 };
}
