// A fresh install's first pull: the team's current rows from `GET /v1/sync/snapshot` in big
// pages (no change log, no clocks), then the ordinary change-log pull from the position the
// snapshot was taken at. Shapes and cursor handling live here; the sync client drives it.
import type { SnapshotPage, WireRow } from '@/core/api/schemas';

/** Rows per snapshot page the client asks for (the server allows up to 50k). */
export const SNAPSHOT_PAGE = 10_000;

/** A cursor saved in the middle of a snapshot: `<seq>~<table>~<last id>`. */
export function isSnapshotCursor(cursor: string | undefined): cursor is string {
  return cursor !== undefined && /^\d{1,15}~\d~/.test(cursor);
}

/**
 * A snapshot page as pulled rows. Customers, identities and touchpoints come without
 * clocks: an edit of our own still waiting to be pushed wins on top of them here, and the
 * server's merge of it comes back through the change log once it is pushed.
 */
export function snapshotRows(page: SnapshotPage): WireRow[] {
  const out: WireRow[] = [];
  for (const { t, rows } of page.tables) {
    for (const [id, f, c] of rows) out.push({ t, id, seq: page.seq, f, c: c ?? {} });
  }
  return out;
}
