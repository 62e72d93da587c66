// Notes agents write about a customer. Each change is stored and queued for the team in one
// transaction. Text limits follow the sync schema, so a stored note can always be pushed.
import type { KqDb } from './db';
import { UnknownRowError } from './labels';
import { noteAddData } from './mutation-data';
import { enqueue, outboxTables } from './outbox';
import type { NoteRow } from './schema';

export const NOTE_MAX_LENGTH = 10_000;

export class BadNoteError extends Error {
  override name = 'BadNoteError';
}

function checkText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new BadNoteError('text: a note cannot be empty');
  if (trimmed.length > NOTE_MAX_LENGTH)
    throw new BadNoteError(`text: too long (at most ${NOTE_MAX_LENGTH} characters)`);
  return trimmed;
}

export async function addNote(
  db: KqDb,
  input: { customerId: string; text: string; author?: string; pinned?: boolean },
  now = Date.now(),
): Promise<NoteRow> {
  const text = checkText(input.text);
  return db.transaction('rw', [db.notes, db.customers, ...outboxTables(db)], async () => {
    if (!(await db.customers.get(input.customerId)))
      throw new UnknownRowError(`no customer ${input.customerId}`);
    const note: NoteRow = {
      id: crypto.randomUUID(),
      customerId: input.customerId,
      text,
      author: input.author ?? '',
      pinned: input.pinned ?? false,
      createdAt: now,
      updatedAt: now,
    };
    await db.notes.add(note);
    await enqueue(db, 'note.add', noteAddData(note), now);
    return note;
  });
}

export async function editNote(
  db: KqDb,
  id: string,
  change: { text?: string; pinned?: boolean },
  now = Date.now(),
): Promise<NoteRow> {
  const text = change.text === undefined ? undefined : checkText(change.text);
  return db.transaction('rw', [db.notes, ...outboxTables(db)], async () => {
    const note = await db.notes.get(id);
    if (!note) throw new UnknownRowError(`no note ${id}`);
    const edited: NoteRow = {
      ...note,
      ...(text !== undefined ? { text } : {}),
      ...(change.pinned !== undefined ? { pinned: change.pinned } : {}),
      updatedAt: now,
    };
    await db.notes.put(edited);
    await enqueue(
      db,
      'note.edit',
      {
        id,
        ...(text !== undefined ? { text } : {}),
        ...(change.pinned !== undefined ? { pinned: change.pinned } : {}),
      },
      now,
    );
    return edited;
  });
}

export async function deleteNote(db: KqDb, id: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.notes, ...outboxTables(db)], async () => {
    if (!(await db.notes.get(id))) return;
    await db.notes.delete(id);
    await enqueue(db, 'note.delete', { id }, now);
  });
}
