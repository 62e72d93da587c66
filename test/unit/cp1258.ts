// Windows-1258 bytes for Vietnamese text, to build the encodings old Windows tools write:
// base letters (ă â ê ô ơ ư đ) are single bytes, tones are combining-mark bytes after them.
const TABLE = new Map<string, number>();
const decoder = new TextDecoder('windows-1258');
for (let b = 0x80; b <= 0xff; b++) {
  const ch = decoder.decode(new Uint8Array([b]));
  if (ch !== '\ufffd') TABLE.set(ch, b);
}

export function encodeCp1258(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const direct = TABLE.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    // ệ = e + circumflex + dot below: "ê" is one byte, the tone another.
    const [base, ...marks] = [...ch.normalize('NFD')];
    let rest = marks;
    let head = base!;
    // NFD puts the dot below before the circumflex: try each mark on the base letter.
    const k = marks.findIndex((m) => TABLE.has((base! + m).normalize('NFC')));
    if (k >= 0) {
      head = (base! + marks[k]).normalize('NFC');
      rest = marks.filter((_, i) => i !== k);
    }
    const hb = head.charCodeAt(0) < 0x80 ? head.charCodeAt(0) : TABLE.get(head);
    if (hb === undefined) throw new Error(`not in windows-1258: ${ch}`);
    out.push(hb);
    for (const m of rest) {
      const mb = TABLE.get(m);
      if (mb === undefined) throw new Error(`no windows-1258 mark for ${ch}`);
      out.push(mb);
    }
  }
  return new Uint8Array(out);
}

export function encodeUtf16le(text: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let i = 0;
  if (bom) {
    out[i++] = 0xff;
    out[i++] = 0xfe;
  }
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    out[i++] = c & 0xff;
    out[i++] = c >> 8;
  }
  return out;
}
