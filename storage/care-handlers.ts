// Background handlers of the care queue: each validates its payload (zod/mini) and answers
// `{ ok: false, error }` naming the field; nothing throws across the message boundary.
import * as z from 'zod/mini';
import type { CareRules } from '@/core/care/rules';
import {
  CareActSchema,
  type CareQueue,
  CareQueueRequestSchema,
  ReminderRequestSchema,
} from '@/core/care/types';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import type { Me } from '@/core/sync/status';
import {
  actOnCareItem,
  addReminder,
  careQueue,
  careRules,
  mayViewTeam,
  saveCareRules,
  setCustomerBirthday,
} from './care';
import type { KqDb } from './db';
import { listTemplates } from './templates';

export interface CareContext {
  db: KqDb;
  /** The team connection's member, when connected. */
  me: () => Promise<Me | undefined>;
  /** Checks an assignee with the team server: null when they are a member, else why not. */
  checkAssignee?: (memberId: string) => Promise<string | null>;
  now?: () => number;
}

const bad = (what: string, error: z.core.$ZodError) => ({
  ok: false as const,
  error: `${what}: ${describeIssues(error)}`,
});

export async function handleGetCareQueue(
  ctx: CareContext,
  data: unknown,
): Promise<Result<CareQueue>> {
  try {
    const parsed = CareQueueRequestSchema.safeParse(data ?? {});
    if (!parsed.success) return bad('getCareQueue', parsed.error);
    const scope = parsed.data.scope ?? 'mine';
    const me = await ctx.me();
    if (scope === 'team' && !mayViewTeam(me?.role))
      return {
        ok: false,
        error: 'scope: only owners and managers see the whole team’s queue',
      };
    const now = ctx.now?.() ?? Date.now();
    const queue = await careQueue(
      ctx.db,
      { scope, me: me?.memberId, memberName: me?.name },
      now,
      parsed.data.customerId,
    );
    return { ok: true, ...queue };
  } catch (e) {
    return refusal(e);
  }
}

export async function handleCareAct(ctx: CareContext, data: unknown): Promise<Result> {
  try {
    const parsed = CareActSchema.safeParse(data);
    if (!parsed.success) return bad('careAct', parsed.error);
    await actOnCareItem(ctx.db, parsed.data, ctx.now?.() ?? Date.now());
    return { ok: true };
  } catch (e) {
    return refusal(e);
  }
}

export async function handleSetReminder(
  ctx: CareContext,
  data: unknown,
): Promise<Result<{ id: string }>> {
  try {
    const parsed = ReminderRequestSchema.safeParse(data);
    if (!parsed.success) return bad('setReminder', parsed.error);
    if (!(await careRules(ctx.db)).reminder.on)
      return { ok: false, error: 'reminder: reminders are switched off in the care rules' };
    const me = await ctx.me();
    const assignee = parsed.data.assignee;
    if (assignee !== undefined && assignee !== me?.memberId) {
      if (!me)
        return {
          ok: false,
          error: 'assignee: assigning to a teammate needs a team server connection',
        };
      const why = ctx.checkAssignee ? await ctx.checkAssignee(assignee) : null;
      if (why) return { ok: false, error: `assignee: ${why}` };
    }
    const item = await addReminder(ctx.db, parsed.data, me, ctx.now?.() ?? Date.now());
    return { ok: true, id: item.id };
  } catch (e) {
    return refusal(e);
  }
}

const BirthdayRequestSchema = z.strictObject({
  customerId: z.string().check(z.minLength(1), z.maxLength(200)),
  birthday: z.string().check(z.maxLength(60)),
});

export async function handleSetBirthday(
  ctx: CareContext,
  data: unknown,
): Promise<Result<{ birthday: string | null }>> {
  try {
    const parsed = BirthdayRequestSchema.safeParse(data);
    if (!parsed.success) return bad('setBirthday', parsed.error);
    const birthday = await setCustomerBirthday(
      ctx.db,
      parsed.data.customerId,
      parsed.data.birthday,
      ctx.now?.() ?? Date.now(),
    );
    return { ok: true, birthday };
  } catch (e) {
    return refusal(e);
  }
}

export async function handleGetCareRules(
  ctx: CareContext,
): Promise<{ rules: CareRules; templates: { id: string; title: string }[] }> {
  const [rules, templates] = await Promise.all([careRules(ctx.db), listTemplates(ctx.db)]);
  return { rules, templates: templates.map((t) => ({ id: t.id, title: t.title })) };
}

export async function handleSaveCareRules(
  ctx: CareContext,
  data: unknown,
): Promise<Result<{ rules: CareRules }>> {
  try {
    const me = await ctx.me();
    if (me && me.role === 'agent')
      return { ok: false, error: 'rules: only owners and managers change the care rules' };
    return await saveCareRules(ctx.db, data);
  } catch (e) {
    return refusal(e);
  }
}
