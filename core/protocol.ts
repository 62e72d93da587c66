// The typed contract between the content scripts and the background. Both ends validate
// with these schemas (zod/mini keeps the content-script bundle small).
import type * as z from 'zod/mini';
import type { StatsResponse } from './api/schemas';
import type { LabelEdit } from './background-requests';
import type { CareRules } from './care/rules';
import type {
  CareAct,
  CareQueue,
  CareQueueRequest,
  PendingInsert,
  ReminderRequest,
} from './care/types';
import type {
  AddContactRequest,
  AddContactResult,
  DismissSuggestionRequest,
  MergeRequest,
  MergeResult,
  NoteRequest,
  RemoveContactRequest,
  Suggestion,
  SuggestionsRequest,
  TimelineRequest,
  UnmergeRequest,
  UnmergeResult,
} from './customer-actions';
import type { NoteView } from './customer-view';
import type { Intent } from './intent';
import type { PipelineConfig } from './pipeline';
import type { PipelineBoard, PipelineBoardRequest } from './pipeline-board';
import type { Result } from './result';
import type { SelectorPack } from './selector-pack';
import type { RecognitionSettings, ReplySettings } from './settings';
import type { StatsReport } from './stats';
import type { Status } from './status';
import type { ConnectRequest, Me, SyncStatus } from './sync/status';
import type { ReplyTemplate, TemplateInput, XungHo } from './templates';
import type { TiersConfig } from './tiers';
import type { TimelinePage } from './timeline';

export type InsertResult =
  | { ok: true; method: 'insertText' | 'paste' }
  | { ok: false; error: string };

export interface CatalogLabel {
  id: string;
  name: string;
  color: string;
  order: number;
  /** Customers carrying it on this machine (the options page shows it; the sidebar ignores it). */
  customers?: number;
}

/** What the options page shows about the team server link. */
export interface SyncOverview {
  connection: { url: string; me: Me; connectedAt: number } | null;
  status: SyncStatus;
}

/**
 * The dashboard's figures. `report` is computed from this browser's database (which holds
 * the team's customers and touchpoints when synced, and the only copy of orders); `team` is
 * the team server's own count (new / returning per day, channel and agent) when connected
 * and reachable. `source` says which one the new / returning numbers come from.
 */
export interface StatsResult {
  source: 'local' | 'server';
  report: StatsReport;
  team?: StatsResponse;
  /** Why the team server's figures are missing while connected (offline, refused). */
  serverError?: string;
}

export interface TeamMemberView {
  id: string;
  name: string;
  role: 'owner' | 'manager' | 'agent';
  createdAt: number;
  revoked: boolean;
}

export { type Result, refusal } from './result';

export interface ProtocolMap {
  // Content script → background, "record this conversation and answer with the customer
  // view" (ConversationSnapshot → CustomerView), goes over a long-lived port instead of a
  // one-off message: utils/resolve-port.ts.
  /** Content script → background: a newer selector pack, if the team server sent one. */
  getSelectorPack(data: { platform: 'meta' | 'zalo' }): SelectorPack | null;
  /** Background/sidebar → the tab: put a reply in the host composer (never sends). */
  insertReply(data: { text: string }): InsertResult;

  /** Sidebar/options → background: the label catalog (active labels, in order). */
  listLabels(data?: { counts?: boolean }): CatalogLabel[];
  assignLabel(data: { customerId: string; labelId: string }): Result;
  unassignLabel(data: { customerId: string; labelId: string }): Result;
  /** Options → background: change the catalog (on the server when connected). */
  editLabel(data: LabelEdit): Result;

  /** Options → background: the thresholds behind VIP and lapsed, and keeping texts. */
  getRecognition(): { settings: RecognitionSettings; keepText: boolean };
  saveRecognition(data: Partial<RecognitionSettings>): Result<{ settings: RecognitionSettings }>;
  /** Turning it off deletes every text kept so far. */
  setKeepText(data: { keep: boolean }): Result;

  /** Options → background: the team's members (team server only). */
  listMembers(): Result<{ members: TeamMemberView[] }>;
  /** Options → background: invite a member; the answer carries their token, shown once. */
  inviteMember(data: { name: string; role: 'manager' | 'agent' }): Result<{
    memberId: string;
    token: string;
  }>;
  setMemberRole(data: { memberId: string; role: 'manager' | 'agent' }): Result;
  removeMember(data: { memberId: string }): Result;

  /** Options → background: connect to a team server, or go back to local-only. */
  syncConnect(data: ConnectRequest): Result<{ me: Me }>;
  syncDisconnect(): Result;
  syncOverview(): SyncOverview;
  /** Sidebar → background: sync state right now. */
  getSyncStatus(): SyncStatus;
  /** Background → inbox tabs: rows changed; re-resolve if the open customer is among them. */
  dataChanged(data: { customerIds: string[]; labels: boolean }): void;
  /** Content script → background: the sidebar's strings in a locale it does not carry. */
  getStrings(data: { locale: 'en' }): Record<string, string>;
  /** Background → inbox tabs: the sync state changed. */
  syncStatusChanged(data: SyncStatus): void;

  /** Sidebar → background: fold one customer into another (the agent confirmed it). */
  mergeCustomers(data: MergeRequest): MergeResult;
  /** Sidebar → background: undo a merge; every row goes back where it was. */
  unmergeCustomers(data: UnmergeRequest): UnmergeResult;
  /** Sidebar → background: one page of a customer's history, newest first. */
  getTimeline(data: TimelineRequest): TimelinePage;
  /** Sidebar → background: the agent adds a phone or e-mail; may reveal a possible match. */
  addContact(data: AddContactRequest): AddContactResult;
  /** Sidebar → background: customers who may be the same person (phone, e-mail, name). */
  getSuggestions(data: SuggestionsRequest): Suggestion[];
  /** Sidebar → background: the agent said these two are different people. */
  dismissSuggestion(data: DismissSuggestionRequest): { ok: true };
  /** Sidebar → background: take a phone or e-mail off the customer. */
  removeContact(data: RemoveContactRequest): Result<{ phones: string[]; emails: string[] }>;
  /** Sidebar → background: add, edit, pin, delete or restore a note. */
  note(data: NoteRequest): Result<{ note?: NoteView }>;

  // Suggested replies (schemas in storage/template-handlers.ts; a bad payload gets
  // `{ ok: false, error }` naming the field). Templates are local to this browser for now.
  /** Sidebar → background: the agent inserted this suggestion; it rises in that context. */
  replyUsed(data: { templateId: string; status: Status; intents: Intent[] }): Result;
  /**
   * Content script → background: "/ship" typed in the host composer. Not found (or
   * slash shortcuts turned off) is `{ ok: false }`. Does not count as a use: call replyUsed.
   */
  expandShortcut(data: {
    customerId: string;
    shortcut: string;
    lastIncoming?: string;
  }): Result<{ text: string; templateId: string }>;
  /** Options → background: every template (the default pack seeded on first use). */
  listTemplates(): ReplyTemplate[];
  /** Options → background: create (no id) or update a template. */
  saveTemplate(data: TemplateInput): Result<{ template: ReplyTemplate }>;
  /** Options → background: delete a template; a deleted builtin is not seeded again. */
  deleteTemplate(data: { id: string }): Result;
  /**
   * Options → background: a body filled with a customer's values (the most recently seen
   * customer when none is given), for the editor's preview.
   */
  previewTemplate(data: {
    body: string;
    customerId?: string;
  }): Result<{ text: string; customerName?: string; missing: string[] }>;
  /** Sidebar → background: how this customer is addressed ('' clears it). Local only. */
  setXungHo(data: { customerId: string; xungHo: XungHo }): Result;
  /** Options / content script → background: shop name, agent name, slash shortcuts. */
  getReplySettings(): ReplySettings;
  saveReplySettings(data: Partial<ReplySettings>): Result<{ settings: ReplySettings }>;

  /** Options → background: dashboard figures for a period (team server when connected). */
  getStats(data: { from: string; to: string }): Result<StatsResult>;
  /** Options → background: rows were restored from a backup; drop caches, re-read. */
  backupRestored(): Result;

  /**
   * Options → background: an import (or its undo) was written by the options page's
   * worker; tell open inbox tabs to look again and push the queued customers when
   * connected. `{ ok: false, error }` names the field on a bad payload or unknown job.
   */
  importFinished(data: { jobId: string }): Result;

  // Care follow-ups (issue 9). Shapes and schemas in core/care/types.ts; a bad payload gets
  // `{ ok: false, error }` naming the field. Nothing here ever sends a message.
  /** Sidebar/popup → background: the items due now, for this agent (or the team's). */
  getCareQueue(data?: CareQueueRequest): Result<CareQueue>;
  /** Sidebar/popup → background: done, snooze or dismiss an item (syncs). */
  careAct(data: CareAct): Result;
  /** Sidebar → background: "Nhắc tôi" — a reminder item for this customer. */
  setReminder(data: ReminderRequest): Result<{ id: string }>;
  /** Sidebar → background: the customer's birthday in any common format ('' clears it). */
  setBirthday(data: { customerId: string; birthday: string }): Result<{ birthday: string | null }>;
  /** Background → inbox tabs and popup: the queue changed (counts for the rail). */
  careChanged(data: { counts: CareQueue['counts'] }): void;
  /**
   * Sidebar/popup → background: open the item's conversation (Meta: its inbox URL in a tab;
   * Zalo: the name or phone in Zalo's own search box) and fill the composer once it is open.
   */
  openCareItem(data: { id: string }): Result<{ opened: 'tab' | 'search' }>;
  /** Content script → background: the text waiting for this customer's composer, taken once. */
  takePendingInsert(data: { customerId: string }): PendingInsert | null;
  /** Background → Zalo tab: put this text into Zalo's search box (the agent's click asked). */
  searchZalo(data: { search: string }): Result;
  /** Sidebar → background: the customer's stored birthday (`MM-DD` / `YYYY-MM-DD`), for the card. */
  getBirthday(data: { customerId: string }): Result<{ birthday: string | null }>;
  /** Options → background: the care rules (defaults until a manager saves them). */
  getCareRules(): { rules: CareRules; templates: { id: string; title: string }[] };
  /**
   * Options → background: change the care rules (a partial rule keeps its other fields);
   * `{ ok: false, error }` names the field (negative days, a deleted template, opening
   * hours ending before they start). Items are made again under the new rules.
   */
  saveCareRules(data: unknown): Result<{ rules: CareRules }>;

  // Pipeline and loyalty tiers (issue 9). Schemas in storage/pipeline-handlers.ts; a bad
  // payload gets `{ ok: false, error }` naming the field.
  /** Sidebar/options → background: the agent moves a customer to a stage (syncs). */
  setStage(data: { customerId: string; stageId: string }): Result<{ stageId: string }>;
  /** Options → background: the stages and the tier ladder. */
  getPipelineSettings(): { pipeline: PipelineConfig; tiers: TiersConfig };
  savePipeline(data: PipelineConfig): Result<{ pipeline: PipelineConfig }>;
  saveTiers(data: TiersConfig): Result<{ tiers: TiersConfig }>;
  /** Options → background: customers by stage (capped per column) and the period's figures. */
  getPipelineBoard(data: PipelineBoardRequest): Result<PipelineBoard>;
}

/** A readable one-line summary of a schema failure: which field, what was wrong. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${explain(i)}`)
    .join('; ');
}

// zod/mini ships no message locale (it would bloat the content script), so say it here.
function explain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `too big (at most ${String(issue.maximum)})`;
    case 'too_small':
      return `too small (at least ${String(issue.minimum)})`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'unrecognized_keys':
      return `unknown keys ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
