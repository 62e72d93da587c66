// The shop's reply templates, how often each is picked, how each customer is addressed, and
// the replies offered for a conversation. Local only for now: team template sync is a
// later step (the team's copy lands in `templates`, which this module does not touch).
import { defaultTemplates } from '@/core/default-templates';
import { detectIntents, type Intent, lastIncomingText } from '@/core/intent';
import { describeIssues } from '@/core/protocol';
import { type ReplyUsage, rankReplies, usageIntents } from '@/core/rank-replies';
import { DEFAULT_REPLY_SETTINGS, parseReplySettings, type ReplySettings } from '@/core/settings';
import type { Status } from '@/core/status';
import {
  callName,
  fillTemplate,
  type ReplySuggestion,
  type ReplyTemplate,
  ReplyTemplateSchema,
  TemplateInputSchema,
  type TemplateVars,
  type XungHo,
  xungHoFromName,
} from '@/core/templates';
import { dayKey } from '@/core/text';
import { type TierStanding, type TiersConfig, tierOf } from '@/core/tiers';
import { UNCONFIRMED_CUSTOMER_ID } from './conversations';
import type { KqDb } from './db';
import { UnknownRowError } from './labels';
import type { CustomerRow, OrderRow } from './schema';
import { TIERS_KEY, tiersOf } from './settings';

/** Ids of the default templates already seeded once: deleted ones are never seeded again. */
export const SEEDED_TEMPLATES_KEY = 'replies.seeded';
export const REPLY_SETTINGS_KEY = 'replies.settings';
/** Suggestions a view carries: Alt+1…Alt+9. */
export const VIEW_REPLY_LIMIT = 9;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * Adds each default template not seeded before (first use, or a release that grew the
 * pack). A builtin the shop edited keeps its edit; one it deleted stays deleted.
 */
export async function ensureDefaultTemplates(db: KqDb, now = Date.now()): Promise<void> {
  const seeded = (await db.settings.get(SEEDED_TEMPLATES_KEY))?.value;
  const pack = defaultTemplates(now);
  if (Array.isArray(seeded) && pack.every((t) => seeded.includes(t.id))) return;
  await db.transaction('rw', [db.replyTemplates, db.settings], async () => {
    const done = new Set(((await db.settings.get(SEEDED_TEMPLATES_KEY))?.value as string[]) ?? []);
    const fresh = pack.filter((t) => !done.has(t.id));
    if (fresh.length === 0) return;
    const [existing, all] = await Promise.all([
      db.replyTemplates.bulkGet(fresh.map((t) => t.id)),
      db.replyTemplates.toArray(),
    ]);
    // A shortcut the shop already gave its own template stays theirs: a builtin added by a
    // newer pack comes without it rather than make "/ship" ambiguous.
    const taken = new Set(all.map((t) => t.shortcut));
    const added = fresh
      .filter((_, i) => !existing[i])
      .map(({ shortcut, ...t }) => (shortcut && !taken.has(shortcut) ? { ...t, shortcut } : t));
    await db.replyTemplates.bulkAdd(added);
    await db.settings.put({
      key: SEEDED_TEMPLATES_KEY,
      value: [...done, ...fresh.map((t) => t.id)],
    });
  });
}

/**
 * The team's shared templates as pulled from the server (`templates`), as reply templates.
 * One the reply engine could not use (a variable it does not know, too long) is left out
 * rather than shown with a raw `{…}`.
 */
export async function sharedTemplates(db: KqDb): Promise<ReplyTemplate[]> {
  const rows = await db.templates.toArray();
  return rows.flatMap((r) => {
    if (r.archived) return [];
    const parsed = ReplyTemplateSchema.safeParse({
      id: r.id,
      title: r.title.slice(0, 80),
      body: r.body,
      segments: [...new Set(r.segments)],
      intents: [...new Set(r.intents)],
      builtin: false,
      shared: true,
      updatedAt: Math.max(0, Math.floor(r.updatedAt)),
    });
    return parsed.success ? [parsed.data] : [];
  });
}

/** Every template: the shop's own (the default pack seeded on first use) and the team's. */
export async function listTemplates(db: KqDb, now = Date.now()): Promise<ReplyTemplate[]> {
  await ensureDefaultTemplates(db, now);
  const rows = [...(await db.replyTemplates.toArray()), ...(await sharedTemplates(db))];
  return rows.sort((a, b) => a.title.localeCompare(b.title, 'vi') || (a.id < b.id ? -1 : 1));
}

/**
 * Creates (no id) or updates a template, validated: the message names the field, an
 * unknown variable, or the template that already uses the shortcut.
 */
export async function saveTemplate(
  db: KqDb,
  input: unknown,
  now = Date.now(),
): Promise<ReplyTemplate> {
  const parsed = TemplateInputSchema.safeParse(input);
  if (!parsed.success) throw new TemplateError(`template: ${describeIssues(parsed.error)}`);
  // `shared` picks where a new template goes; the handler sends shared ones to the server.
  const { id, shortcut, shared: _shared, ...fields } = parsed.data;
  await ensureDefaultTemplates(db, now);
  return db.transaction('rw', [db.replyTemplates], async () => {
    const existing = id ? await db.replyTemplates.get(id) : undefined;
    if (id && !existing) throw new UnknownRowError(`no template ${id}`);
    if (shortcut) {
      const clash = await db.replyTemplates
        .filter((t) => t.shortcut === shortcut && t.id !== id)
        .first();
      if (clash) {
        throw new TemplateError(`shortcut /${shortcut} is already used by "${clash.title}"`);
      }
    }
    const template: ReplyTemplate = {
      ...fields,
      id: existing?.id ?? `tpl.${crypto.randomUUID()}`,
      builtin: existing?.builtin ?? false,
      updatedAt: now,
      ...(shortcut ? { shortcut } : {}),
    };
    await db.replyTemplates.put(template);
    return template;
  });
}

/** Deletes a template and its usage counts. A deleted builtin is not seeded again. */
export async function deleteTemplate(db: KqDb, id: string): Promise<void> {
  await db.transaction('rw', [db.replyTemplates, db.replyUsage], async () => {
    if (!(await db.replyTemplates.get(id))) throw new UnknownRowError(`no template ${id}`);
    await db.replyTemplates.delete(id);
    await db.replyUsage.filter((u) => u.templateId === id).delete();
  });
}

const usageId = (templateId: string, status: Status, intent: string) =>
  `${templateId}|${status}|${intent}`;

/** The agent picked a template for this customer status and message intent(s). */
export async function recordReplyUse(
  db: KqDb,
  pick: { templateId: string; status: Status; intents: readonly Intent[] },
  now = Date.now(),
): Promise<void> {
  await db.transaction('rw', [db.replyTemplates, db.replyUsage], async () => {
    if (!(await db.replyTemplates.get(pick.templateId)))
      throw new UnknownRowError(`no template ${pick.templateId}`);
    const keys = usageIntents(pick.intents).map((intent) => ({
      id: usageId(pick.templateId, pick.status, intent),
      intent,
    }));
    const rows = await db.replyUsage.bulkGet(keys.map((k) => k.id));
    await db.replyUsage.bulkPut(
      keys.map((k, i) => ({
        id: k.id,
        templateId: pick.templateId,
        status: pick.status,
        intent: k.intent,
        count: (rows[i]?.count ?? 0) + 1,
        lastAt: now,
      })),
    );
  });
}

export async function replyUsage(db: KqDb): Promise<ReplyUsage[]> {
  return (await db.replyUsage.toArray()).map(({ templateId, status, intent, count }) => ({
    templateId,
    status,
    intent,
    count,
  }));
}

/** How the shop addresses this customer; '' clears it (the name or the default decides). */
export async function setXungHo(
  db: KqDb,
  customerId: string,
  xungHo: XungHo,
  now = Date.now(),
): Promise<void> {
  await db.transaction('rw', [db.customers, db.salutations], async () => {
    if (!(await db.customers.get(customerId)))
      throw new UnknownRowError(`no customer ${customerId}`);
    if (xungHo === '') await db.salutations.delete(customerId);
    else await db.salutations.put({ customerId, xungHo, updatedAt: now });
  });
}

export async function replySettingsOf(db: KqDb): Promise<ReplySettings> {
  const parsed = parseReplySettings((await db.settings.get(REPLY_SETTINGS_KEY))?.value);
  return parsed.ok ? parsed.settings : { ...DEFAULT_REPLY_SETTINGS };
}

export async function saveReplySettings(db: KqDb, input: unknown): Promise<ReplySettings> {
  const parsed = parseReplySettings(input);
  if (!parsed.ok) throw new TemplateError(parsed.error);
  await db.settings.put({ key: REPLY_SETTINGS_KEY, value: parsed.settings });
  return parsed.settings;
}

/**
 * Templates, usage and settings, kept in the worker between conversations: ranking runs on
 * every resolved snapshot and these change only when the shop edits or picks. Every write
 * in this module goes through the background, which calls `invalidate`.
 */
export class ReplyCache {
  private templates: Promise<ReplyTemplate[]> | undefined;
  private usage: Promise<ReplyUsage[]> | undefined;
  private settings: Promise<ReplySettings> | undefined;

  constructor(private readonly db: KqDb) {}

  load(): Promise<[ReplyTemplate[], ReplyUsage[], ReplySettings]> {
    // A failed read is not kept: the next conversation tries again.
    this.templates ??= listTemplates(this.db).catch((e) => {
      this.templates = undefined;
      throw e;
    });
    this.usage ??= replyUsage(this.db).catch((e) => {
      this.usage = undefined;
      throw e;
    });
    this.settings ??= replySettingsOf(this.db).catch((e) => {
      this.settings = undefined;
      throw e;
    });
    return Promise.all([this.templates, this.usage, this.settings]);
  }

  invalidate(what: { templates?: boolean; usage?: boolean; settings?: boolean } = {}): void {
    const all = !what.templates && !what.usage && !what.settings;
    if (all || what.templates) this.templates = undefined;
    if (all || what.usage) this.usage = undefined;
    if (all || what.settings) this.settings = undefined;
  }
}

/** Loyalty tiers (issue 9): `{hang}`, and `{con_thieu_len_hang}` below the top tier. */
function tierVars(s: TierStanding): TemplateVars {
  const next = s.next;
  if (!next) return { hang: s.tier.name };
  const gap =
    next.missing > 0
      ? `${next.missing.toLocaleString('vi-VN')}đ`
      : `${next.missingOrders ?? 0} đơn`;
  return { hang: s.tier.name, con_thieu_len_hang: `${gap} để lên hạng ${next.name}` };
}

export interface CustomerVars {
  vars: TemplateVars;
  /** The salutation the shop set for this customer, if any. */
  xungHo?: string;
}

const formatDay = (at: number, offset: number) => {
  const [y, m, d] = dayKey(at, offset).split('-');
  return `${d}/${m}/${y}`;
};

/**
 * The variables for one customer: how they are called and addressed, their latest order
 * (first item, date) and order count, the shop's name and the agent's. A customer not
 * stored (unconfirmed) gets the name from the page and nothing else.
 */
export async function customerVars(
  db: KqDb,
  input: {
    customerId?: string | undefined;
    displayName?: string | undefined;
    settings: ReplySettings;
    /** The team member's name when connected (wins over the local setting). */
    memberName?: string | undefined;
    utcOffsetMinutes?: number;
    /** For the tier's window (tests). */
    now?: number;
    /** The customer's row and orders (and the tier ladder) when the caller has just read them. */
    rows?: ViewRowsForVars | undefined;
  },
): Promise<CustomerVars> {
  const { customerId, settings, rows } = input;
  // With the rows in hand only the salutation is read: the others would wait behind the
  // snapshot's own transaction.
  const [customer, salutation, orders, tiers] = !customerId
    ? [undefined, undefined, [], undefined]
    : rows
      ? [rows.customer, await db.salutations.get(customerId), rows.orders, rows.tiers]
      : await Promise.all([
          db.customers.get(customerId),
          db.salutations.get(customerId),
          db.orders.where('customerId').equals(customerId).toArray(),
          db.settings.get(TIERS_KEY).then((row) => tiersOf(row?.value)),
        ]);
  const displayName = input.displayName || customer?.displayName || '';
  const placed = orders.filter((o) => o.status !== 'cancelled');
  const latest = placed.reduce<(typeof placed)[number] | undefined>(
    (best, o) => (!best || o.placedAt > best.placedAt ? o : best),
    undefined,
  );
  const product = latest?.items.find((i) => i.name.trim())?.name.trim();
  const xungHo = salutation?.xungHo ?? (xungHoFromName(displayName) || undefined);
  const agent = input.memberName?.trim() || settings.agentName;
  const vars: TemplateVars = {
    ten_khach: callName(displayName),
    ...(xungHo ? { xung_ho: xungHo } : {}),
    ...(settings.shopName ? { ten_shop: settings.shopName } : {}),
    ...(product ? { san_pham_gan_nhat: product } : {}),
    ...(placed.length ? { so_don: String(placed.length) } : {}),
    ...(latest
      ? { ngay_mua_gan_nhat: formatDay(latest.placedAt, input.utcOffsetMinutes ?? 420) }
      : {}),
    ...(agent ? { ten_nhan_vien: agent } : {}),
    ...(customer
      ? // An order stamped ahead of this clock (another machine's) still counts.
        tierVars(
          tierOf(
            orders,
            tiers ?? tiersOf(undefined),
            Math.max(input.now ?? Date.now(), latest?.placedAt ?? 0),
          ),
        )
      : {}),
  };
  return salutation ? { vars, xungHo: salutation.xungHo } : { vars };
}

/** What the reply variables need of the rows a view was made from. */
export interface ViewRowsForVars {
  customer: CustomerRow;
  orders: OrderRow[];
  tiers: TiersConfig;
}

/** The ranked replies for a resolved conversation, and the customer's set salutation. */
export async function repliesFor(
  db: KqDb,
  cache: ReplyCache,
  input: {
    customerId?: string | undefined;
    displayName: string;
    status: Status;
    intents: readonly Intent[];
    memberName?: string | undefined;
    limit?: number;
    rows?: ViewRowsForVars | undefined;
  },
): Promise<{ replies: ReplySuggestion[]; xungHo?: string }> {
  // Cached after the first conversation: the customer's rows are the only reads.
  const [templates, usage, settings] = await cache.load();
  const customer = await customerVars(db, {
    customerId: input.customerId,
    displayName: input.displayName,
    settings,
    memberName: input.memberName,
    rows: input.rows,
  });
  const replies = rankReplies({
    templates,
    status: input.status,
    intents: input.intents,
    usage,
    vars: customer.vars,
    limit: input.limit ?? VIEW_REPLY_LIMIT,
  });
  return customer.xungHo ? { replies, xungHo: customer.xungHo } : { replies };
}

/** The template with this shortcut ("/ship" or "ship"), filled for the customer. */
export async function expandShortcut(
  db: KqDb,
  cache: ReplyCache,
  input: { customerId?: string | undefined; shortcut: string; memberName?: string | undefined },
): Promise<{ text: string; templateId: string } | null> {
  const key = input.shortcut.trim().replace(/^\//, '').toLowerCase();
  const [templates, , settings] = await cache.load();
  const template = templates.find((t) => t.shortcut === key);
  if (!template) return null;
  const { vars } = await customerVars(db, {
    customerId: input.customerId,
    settings,
    memberName: input.memberName,
  });
  return { text: fillTemplate(template.body, vars).text, templateId: template.id };
}

/**
 * The view with its ranked replies (and the customer's set salutation), for the latest
 * turn of the conversation. Replies are a help, the badge is the point: a failure here
 * answers the view without them.
 */
export async function withReplies<
  V extends { customerId: string; displayName: string; status: Status },
>(
  db: KqDb,
  cache: ReplyCache,
  view: V,
  messages: readonly { direction: string; text: string; automated?: boolean }[],
  memberName?: string,
  /** The customer's row and orders as the view was made from them (saves reading them). */
  rows?: ViewRowsForVars,
): Promise<V & { replies?: ReplySuggestion[]; replyIntents?: Intent[]; xungHo?: string }> {
  try {
    const stored = view.customerId !== UNCONFIRMED_CUSTOMER_ID;
    const intents = detectIntents(lastIncomingText(messages));
    const { replies, xungHo } = await repliesFor(db, cache, {
      customerId: stored ? view.customerId : undefined,
      displayName: view.displayName,
      status: view.status,
      intents,
      memberName,
      rows: stored ? rows : undefined,
    });
    return { ...view, replies, replyIntents: intents, ...(xungHo ? { xungHo } : {}) };
  } catch {
    return view;
  }
}
