// Puts a reply into the host's composer at the caret, through the editor's own input path,
// and never sends it: the agent reviews and presses Enter. Lexical (Meta) and Zalo's
// #richInput keep their own model, so writing innerText would be lost or sent empty;
// execCommand('insertText') goes through the browser's editing pipeline and fires the
// trusted input events those editors listen to (notes: Meta §5, Zalo §5).

import type { InsertResult } from '@/core/protocol';

export type { InsertResult };

function editorText(editor: HTMLElement): string {
  return editor instanceof HTMLTextAreaElement ? editor.value : editor.innerText;
}

/** Place the caret at the end of the editor unless the agent's caret is already inside. */
function ensureCaretInside(editor: HTMLElement): void {
  editor.focus();
  if (editor instanceof HTMLTextAreaElement) return;
  const selection = editor.ownerDocument.getSelection();
  if (selection && selection.rangeCount > 0 && editor.contains(selection.anchorNode)) return;
  const range = editor.ownerDocument.createRange();
  range.selectNodeContents(editor);
  range.collapse(false);
  selection?.removeAllRanges();
  selection?.addRange(range);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function accepted(editor: HTMLElement, text: string): boolean {
  const lines = text.split('\n').map(squash).filter(Boolean);
  const now = squash(editorText(editor));
  return lines.every((line) => now.includes(line));
}

export function insertIntoComposer(editor: HTMLElement | null, text: string): InsertResult {
  if (!editor?.isConnected) return { ok: false, error: 'composer not found (anchor "composer")' };
  if (
    editor.getAttribute('aria-disabled') === 'true' ||
    editor.getAttribute('contenteditable') === 'false'
  ) {
    return { ok: false, error: 'the composer is disabled for this conversation' };
  }
  ensureCaretInside(editor);
  const before = editorText(editor);
  const ran = editor.ownerDocument.execCommand('insertText', false, text);
  if (ran && accepted(editor, text)) return { ok: true, method: 'insertText' };
  // The editor took the text but reshaped it (emoji, mentions): pasting again would
  // insert it twice.
  if (editorText(editor) !== before) return { ok: true, method: 'insertText' };
  // Some editors only take pasted text (notes: AKA's synthetic paste on Meta).
  const data = new DataTransfer();
  data.setData('text/plain', text);
  editor.dispatchEvent(
    new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
  );
  if (accepted(editor, text)) return { ok: true, method: 'paste' };
  return { ok: false, error: 'the composer did not accept the text' };
}

/**
 * Puts a name or phone into the host's own search box (Zalo), replacing what was there, the
 * way typing would: the editing pipeline first, the native value setter + `input` event when
 * the box did not take it. Never presses Enter and never picks a result: the agent does.
 */
export function fillSearchBox(input: HTMLInputElement | null, text: string): InsertResult {
  if (!input?.isConnected) return { ok: false, error: 'search box not found (anchor "searchBox")' };
  if (input.disabled || input.readOnly) return { ok: false, error: 'the search box is disabled' };
  const value = text.slice(0, input.maxLength > 0 ? input.maxLength : 200);
  input.focus();
  input.select();
  const doc = input.ownerDocument;
  if (typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, value)) {
    if (input.value === value) return { ok: true, method: 'insertText' };
  }
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return input.value === value
    ? { ok: true, method: 'insertText' }
    : { ok: false, error: 'the search box did not accept the text' };
}
