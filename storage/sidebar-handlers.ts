// Background handlers for what the agent edits in the sidebar's card: notes and contact
// details. Each validates first (the field named when it is wrong), writes locally with its
// outbox entry in one transaction, and answers with a plain result instead of throwing, so
// the sidebar can show the reason next to what the agent tried.
import {
  type NoteRequest,
  NoteRequestSchema,
  RemoveContactRequestSchema,
} from '@/core/customer-actions';
import type { NoteView } from '@/core/customer-view';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import type { KqDb } from './db';
import { addNote, deleteNote, editNote } from './notes';
import { removeContact } from './suggestions';

const noteView = (n: NoteView): NoteView => ({
  id: n.id,
  text: n.text,
  author: n.author,
  pinned: n.pinned,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
});

/** `author`: who is writing (the team member's name when connected, else the local one). */
export async function handleNote(
  db: KqDb,
  input: unknown,
  author: string,
  now = Date.now(),
): Promise<Result<{ note?: NoteView }>> {
  const parsed = NoteRequestSchema.safeParse(input);
  if (!parsed.success) return refusal(`bad note request: ${describeIssues(parsed.error)}`);
  try {
    return { ok: true, ...(await runNote(db, parsed.data, author, now)) };
  } catch (error) {
    return refusal(error);
  }
}

async function runNote(
  db: KqDb,
  req: NoteRequest,
  author: string,
  now: number,
): Promise<{ note?: NoteView }> {
  switch (req.action) {
    case 'add':
      return {
        note: noteView(
          await addNote(
            db,
            { customerId: req.customerId, text: req.text, author, pinned: req.pinned ?? false },
            now,
          ),
        ),
      };
    case 'edit':
      return {
        note: noteView(
          await editNote(
            db,
            req.id,
            {
              ...(req.text !== undefined ? { text: req.text } : {}),
              ...(req.pinned !== undefined ? { pinned: req.pinned } : {}),
            },
            now,
          ),
        ),
      };
    case 'delete':
      await deleteNote(db, req.id, now);
      return {};
    case 'restore': {
      // Back as it was: the original author and time, not whoever pressed undo.
      const note = await addNote(
        db,
        { customerId: req.customerId, text: req.text, author: req.author, pinned: req.pinned },
        now,
      );
      const restored = { ...note, createdAt: req.createdAt };
      await db.notes.update(note.id, { createdAt: req.createdAt });
      return { note: noteView(restored) };
    }
  }
}

export async function handleRemoveContact(
  db: KqDb,
  input: unknown,
  now = Date.now(),
): Promise<Result<{ phones: string[]; emails: string[] }>> {
  const parsed = RemoveContactRequestSchema.safeParse(input);
  if (!parsed.success) return refusal(`bad contact removal: ${describeIssues(parsed.error)}`);
  try {
    const { customerId, kind, value } = parsed.data;
    return { ok: true, ...(await removeContact(db, customerId, kind, value, now)) };
  } catch (error) {
    return refusal(error);
  }
}
