// The team's shared templates (pulled from the team server into `templates`) next to the
// shop's own: listed, ranked, kept read-only locally, and changed only through the server.
import { describe, expect, it } from 'vitest';
import type { TemplateRow } from '@/storage/schema';
import {
  handleDeleteTemplate,
  handleSaveTemplate,
  type ReplyContext,
  type TeamLink,
} from '@/storage/template-handlers';
import { listTemplates, ReplyCache, repliesFor, sharedTemplates } from '@/storage/templates';
import { freshDb, T0 } from './storage-helpers';

const row = (over: Partial<TemplateRow> = {}): TemplateRow => ({
  id: 'team-1',
  title: 'Ship hoả tốc (nhóm)',
  body: 'Dạ {xung_ho} {ten_khach} ơi, shop có ship hoả tốc 2 giờ ạ.',
  segments: [],
  intents: ['ship'],
  updatedAt: T0,
  ...over,
});

/** A team server stand-in: what the handlers sent, and a pull that lands `rows`. */
function fakeTeam(ctx: { db: ReplyContext['db'] }, connected = true) {
  const calls: string[] = [];
  let pending: TemplateRow[] = [];
  const team: TeamLink = {
    connected: async () => connected,
    call: async (method, path, body) => {
      calls.push(`${method} ${path} ${body ? JSON.stringify(body) : ''}`.trim());
      if (method === 'POST') pending = [row({ id: 'team-new', ...(body as object) })];
      if (method === 'DELETE') pending = [row({ archived: true })];
      return { template: { id: method === 'POST' ? 'team-new' : path.split('/').at(-1) } };
    },
    pull: async () => {
      await ctx.db.templates.bulkPut(pending);
    },
  };
  return { team, calls };
}

describe('shared templates', () => {
  it('are listed next to the shop’s own, marked, leaving out archived and unusable ones', async () => {
    const db = freshDb();
    await db.templates.bulkPut([
      row(),
      row({ id: 'team-2', archived: true }),
      row({ id: 'team-3', body: 'Chào {bien_la}' }),
    ]);
    expect((await sharedTemplates(db)).map((t) => [t.id, t.shared])).toEqual([['team-1', true]]);
    const all = await listTemplates(db, T0);
    expect(all.filter((t) => t.shared).map((t) => t.id)).toEqual(['team-1']);
    expect(all.filter((t) => t.builtin).length).toBeGreaterThan(20);
  });

  it('rank among the suggestions, filled for the customer', async () => {
    const db = freshDb();
    await db.templates.put(row({ segments: ['returning'] }));
    const { replies } = await repliesFor(db, new ReplyCache(db), {
      displayName: 'Nguyễn Thu Hà',
      status: 'returning',
      intents: ['ship'],
    });
    expect(replies.find((r) => r.templateId === 'team-1')?.text).toBe(
      'Dạ bạn Hà ơi, shop có ship hoả tốc 2 giờ ạ.',
    );
  });

  it('are created, changed and archived on the team server, then pulled', async () => {
    const db = freshDb();
    const { team, calls } = fakeTeam({ db });
    const ctx: ReplyContext = { db, cache: new ReplyCache(db), memberName: async () => '', team };
    const made = await handleSaveTemplate(ctx, {
      title: 'Mẫu nhóm',
      body: 'Dạ shop chào {xung_ho} ạ',
      segments: [],
      intents: ['greeting'],
      shared: true,
    });
    expect(made).toMatchObject({ ok: true, template: { id: 'team-new', shared: true } });
    expect(calls[0]).toMatch(/^POST \/v1\/templates /);
    expect(await db.replyTemplates.get('team-new')).toBeUndefined();

    await db.templates.put(row());
    await handleSaveTemplate(ctx, {
      id: 'team-1',
      title: 'Ship hoả tốc',
      body: row().body,
      segments: [],
      intents: ['ship'],
    });
    expect(calls[1]).toMatch(/^PATCH \/v1\/templates\/team-1 /);

    expect(await handleDeleteTemplate(ctx, { id: 'team-1' })).toEqual({ ok: true });
    expect(calls[2]).toBe('DELETE /v1/templates/team-1');
    expect((await sharedTemplates(db)).map((t) => t.id)).not.toContain('team-1');
  });

  it('cannot be made or changed without a team server, and say so', async () => {
    const db = freshDb();
    const { team, calls } = fakeTeam({ db }, false);
    const ctx: ReplyContext = { db, cache: new ReplyCache(db), memberName: async () => '', team };
    await db.templates.put(row());
    const r = await handleSaveTemplate(ctx, {
      id: 'team-1',
      title: 'x',
      body: 'y',
      segments: [],
      intents: [],
    });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('connect to it') });
    expect(await handleDeleteTemplate(ctx, { id: 'team-1' })).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    expect(await db.templates.get('team-1')).toEqual(row());
  });
});
