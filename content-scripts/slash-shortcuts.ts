// "/ship" + Space (or Tab) typed in the host composer becomes the template with that shortcut,
// filled for the open customer. Only a known shortcut is taken; anything else types as usual.
// Nothing is sent: the expansion lands in the composer through the editor's own input path.

/** The "/shortcut" token that ends at the caret, if the text has one. */
export function slashTokenBefore(
  text: string,
  caret: number,
): { start: number; shortcut: string } | null {
  const m = /(^|\s)\/([\p{L}\p{N}_-]{1,40})$/u.exec(text.slice(0, caret));
  if (!m) return null;
  const shortcut = m[2] as string;
  return { start: caret - shortcut.length - 1, shortcut: shortcut.toLowerCase() };
}

export interface SlashOptions {
  /** The host composer right now (it is re-rendered on every switch). */
  composer: () => HTMLElement | null;
  /** Known shortcuts, lower-case, read synchronously: the key must be taken or left at once. */
  known: () => ReadonlySet<string>;
  /** The filled text for a shortcut, or null when it cannot be filled now. */
  expand: (shortcut: string) => Promise<string | null>;
}

/** Listens on the document; returns the unsubscribe. */
export function watchSlashShortcuts(doc: Document, opts: SlashOptions): () => void {
  const onKey = (e: KeyboardEvent) => {
    if ((e.key !== ' ' && e.key !== 'Tab') || e.isComposing || e.altKey || e.ctrlKey || e.metaKey)
      return;
    const editor = opts.composer();
    const sel = doc.getSelection();
    if (!editor || !sel?.isCollapsed) return;
    const node = sel.anchorNode;
    if (!node || node.nodeType !== Node.TEXT_NODE || !editor.contains(node)) return;
    const token = slashTokenBefore(node.textContent ?? '', sel.anchorOffset);
    if (!token || !opts.known().has(token.shortcut)) return;
    e.preventDefault();
    e.stopPropagation();
    const key = e.key;
    void opts.expand(token.shortcut).then((text) => {
      // Not expandable after all (no confirmed customer, turned off meanwhile): the key
      // the agent pressed still lands, as if we had never looked.
      if (!text) {
        if (key === ' ' && editor.isConnected) doc.execCommand('insertText', false, ' ');
        return;
      }
      // The agent may have typed on meanwhile: replace the token only if it is still there.
      const now = doc.getSelection();
      const at = now?.anchorNode;
      if (!now || at !== node || !editor.isConnected) return;
      const again = slashTokenBefore(at.textContent ?? '', now.anchorOffset);
      if (!again || again.shortcut !== token.shortcut) return;
      const range = doc.createRange();
      range.setStart(at, again.start);
      range.setEnd(at, now.anchorOffset);
      now.removeAllRanges();
      now.addRange(range);
      doc.execCommand('insertText', false, text);
    });
  };
  doc.addEventListener('keydown', onKey, true);
  return () => doc.removeEventListener('keydown', onKey, true);
}
