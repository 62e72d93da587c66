// Background handlers for suggested replies and the template editor: validate what arrives
// (the field named when it is wrong), act, and answer with a plain result, never a throw.
import * as z from 'zod/mini';
import { IntentSchema } from '@/core/intent';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import type { ReplySettings } from '@/core/settings';
import { STATUSES } from '@/core/status';
import { RowIdSchema } from '@/core/sync/mutations';
import {
  fillTemplate,
  type ReplyTemplate,
  TemplateIdSchema,
  type TemplateInput,
  TemplateInputSchema,
  templateBodyIssues,
  XUNG_HO,
} from '@/core/templates';
import type { KqDb } from './db';
import {
  customerVars,
  deleteTemplate,
  expandShortcut,
  listTemplates,
  type ReplyCache,
  recordReplyUse,
  saveReplySettings,
  saveTemplate,
  setXungHo,
  sharedTemplates,
} from './templates';

const CustomerIdSchema = RowIdSchema;

export const ReplyUsedSchema = z.object({
  templateId: TemplateIdSchema,
  status: z.enum(STATUSES),
  intents: z.array(IntentSchema).check(z.maxLength(9)),
});
export const ExpandShortcutSchema = z.object({
  customerId: CustomerIdSchema,
  shortcut: z.string().check(z.minLength(1), z.maxLength(21)),
  lastIncoming: z.optional(z.string().check(z.maxLength(5000))),
});
export const DeleteTemplateSchema = z.object({ id: TemplateIdSchema });
export const PreviewTemplateSchema = z.object({
  body: z.string().check(z.maxLength(2000)),
  customerId: z.optional(CustomerIdSchema),
});
export const SetXungHoSchema = z.object({
  customerId: CustomerIdSchema,
  xungHo: z.enum(XUNG_HO),
});

/** Parses, or answers why not: `<what>: <field>: <problem>`. */
function parse<S extends z.ZodMiniType>(
  what: string,
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; error: string } {
  const r = schema.safeParse(input);
  return r.success
    ? { ok: true, data: r.data as z.infer<S> }
    : { ok: false, error: `bad ${what}: ${describeIssues(r.error)}` };
}

/** The team server, for shared templates (managers edit them there; roles checked there). */
export interface TeamLink {
  connected(): Promise<boolean>;
  call(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Pull now, so the change is in the local copy before we answer. */
  pull(): Promise<void>;
}

/** What the handlers share: the database, the worker's cache, the team member's name. */
export interface ReplyContext {
  db: KqDb;
  cache: ReplyCache;
  memberName: () => Promise<string | undefined>;
  team?: TeamLink;
}

const NOT_CONNECTED =
  'shared templates live on the team server: connect to it in the options page first';

export async function handleReplyUsed(ctx: ReplyContext, input: unknown): Promise<Result> {
  const p = parse('replyUsed', ReplyUsedSchema, input);
  if (!p.ok) return p;
  try {
    await recordReplyUse(ctx.db, p.data);
    ctx.cache.invalidate({ usage: true });
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleExpandShortcut(
  ctx: ReplyContext,
  input: unknown,
): Promise<Result<{ text: string; templateId: string }>> {
  const p = parse('expandShortcut', ExpandShortcutSchema, input);
  if (!p.ok) return p;
  try {
    const [, , settings] = await ctx.cache.load();
    if (!settings.slashShortcuts) return { ok: false, error: 'slash shortcuts are turned off' };
    const found = await expandShortcut(ctx.db, ctx.cache, {
      customerId: p.data.customerId,
      shortcut: p.data.shortcut,
      memberName: await ctx.memberName(),
    });
    return found
      ? { ok: true, ...found }
      : { ok: false, error: `no template with shortcut /${p.data.shortcut.replace(/^\//, '')}` };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleListTemplates(ctx: ReplyContext): Promise<ReplyTemplate[]> {
  return listTemplates(ctx.db);
}

export async function handleSaveTemplate(
  ctx: ReplyContext,
  input: unknown,
): Promise<Result<{ template: ReplyTemplate }>> {
  const p = parse('template', TemplateInputSchema, input);
  if (!p.ok) return p;
  try {
    const existingShared = p.data.id ? await ctx.db.templates.get(p.data.id) : undefined;
    const template =
      existingShared || (!p.data.id && p.data.shared)
        ? await saveShared(ctx, p.data, existingShared?.id)
        : await saveTemplate(ctx.db, p.data);
    ctx.cache.invalidate({ templates: true });
    return { ok: true, template };
  } catch (error) {
    return refusal(error);
  }
}

/** Create or change a team template on the server, then pull it into the local copy. */
async function saveShared(
  ctx: ReplyContext,
  input: TemplateInput,
  id: string | undefined,
): Promise<ReplyTemplate> {
  if (!ctx.team || !(await ctx.team.connected())) throw new Error(NOT_CONNECTED);
  const fields = {
    title: input.title,
    body: input.body,
    segments: input.segments,
    intents: input.intents,
  };
  const answer = (await (id
    ? ctx.team.call('PATCH', `/v1/templates/${encodeURIComponent(id)}`, fields)
    : ctx.team.call('POST', '/v1/templates', fields))) as { template?: { id?: unknown } };
  const savedId = typeof answer?.template?.id === 'string' ? answer.template.id : id;
  await ctx.team.pull();
  const saved = (await sharedTemplates(ctx.db)).find((t) => t.id === savedId);
  if (!saved) throw new Error('the team server took the template, but it has not arrived yet');
  return saved;
}

export async function handleDeleteTemplate(ctx: ReplyContext, input: unknown): Promise<Result> {
  const p = parse('deleteTemplate', DeleteTemplateSchema, input);
  if (!p.ok) return p;
  try {
    if (await ctx.db.templates.get(p.data.id)) {
      // The team's: archived on the server for everyone (it keeps the history).
      if (!ctx.team || !(await ctx.team.connected())) throw new Error(NOT_CONNECTED);
      await ctx.team.call('DELETE', `/v1/templates/${encodeURIComponent(p.data.id)}`);
      await ctx.team.pull();
    } else {
      await deleteTemplate(ctx.db, p.data.id);
    }
    ctx.cache.invalidate({ templates: true, usage: true });
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

/** The customer seen most recently (latest touchpoint), for a preview with real values. */
async function recentCustomerId(db: KqDb): Promise<string | undefined> {
  return (await db.touchpoints.orderBy('day').last())?.customerId;
}

export async function handlePreviewTemplate(
  ctx: ReplyContext,
  input: unknown,
): Promise<Result<{ text: string; customerName?: string; missing: string[] }>> {
  const p = parse('previewTemplate', PreviewTemplateSchema, input);
  if (!p.ok) return p;
  const issues = templateBodyIssues(p.data.body);
  if (issues.length) return { ok: false, error: issues.join('; ') };
  try {
    const customerId = p.data.customerId ?? (await recentCustomerId(ctx.db));
    const [, , settings] = await ctx.cache.load();
    const customer = customerId ? await ctx.db.customers.get(customerId) : undefined;
    const { vars } = await customerVars(ctx.db, {
      customerId: customer?.id,
      settings,
      memberName: await ctx.memberName(),
    });
    const { text, missing } = fillTemplate(p.data.body, vars);
    return {
      ok: true,
      text,
      missing,
      ...(customer ? { customerName: customer.displayName } : {}),
    };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleSetXungHo(ctx: ReplyContext, input: unknown): Promise<Result> {
  const p = parse('setXungHo', SetXungHoSchema, input);
  if (!p.ok) return p;
  try {
    await setXungHo(ctx.db, p.data.customerId, p.data.xungHo);
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleGetReplySettings(ctx: ReplyContext): Promise<ReplySettings> {
  const [, , settings] = await ctx.cache.load();
  return settings;
}

export async function handleSaveReplySettings(
  ctx: ReplyContext,
  input: unknown,
): Promise<Result<{ settings: ReplySettings }>> {
  try {
    const [, , current] = await ctx.cache.load();
    const merged = typeof input === 'object' && input !== null ? { ...current, ...input } : input;
    const settings = await saveReplySettings(ctx.db, merged);
    ctx.cache.invalidate({ settings: true });
    return { ok: true, settings };
  } catch (error) {
    return refusal(error);
  }
}
