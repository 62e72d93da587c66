// What the sidebar's panels and label chips ask of the background, as calls that answer
// with a result (never throw): the panel shows the reason next to what the agent tried.
// Each edit re-reads the open customer afterwards, so the fresh view comes back.
import type { LabelActions } from '@/components/Sidebar';
import type { PanelActions } from '@/components/sidebar-context';
import type { CustomerView } from '@/core/customer-view';
import { type Result, refusal } from '@/core/result';
import { sendMessage } from '@/utils/messaging';

type AfterEdit = (r: { ok: true } | { ok: false; error: string }) => Promise<string | null>;

/** Colours for labels made from the sidebar, in turn (the options page can change them). */
const LABEL_PALETTE = ['#0ea5e9', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#64748b'];

/** A call that failed in transit (the worker stopped, a throwing handler) becomes an answer. */
async function answer<T extends object>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, ...(await run()) };
  } catch (error) {
    return refusal(error);
  }
}

/** The card's, notes' and history's calls; each edit re-reads the open customer after. */
export function makePanelActions(
  afterEdit: AfterEdit,
  insertReply: PanelActions['insertReply'],
): PanelActions {
  const edited = async <T extends object>(r: Result<T>): Promise<Result<T>> => {
    const failure = await afterEdit(r.ok ? { ok: true } : r);
    return failure === null ? r : { ok: false, error: failure };
  };
  return {
    note: async (req) => edited(await sendMessage('note', req).catch(refusal)),
    addContact: async (customerId, kind, value) =>
      edited(await answer(() => sendMessage('addContact', { customerId, kind, value }))),
    removeContact: async (customerId, kind, value) =>
      edited(await sendMessage('removeContact', { customerId, kind, value }).catch(refusal)),
    suggestions: (customerId) => sendMessage('getSuggestions', { customerId }),
    dismissSuggestion: async (customerId, otherId) =>
      answer(() => sendMessage('dismissSuggestion', { customerId, otherId })),
    merge: async (targetId, sourceId) =>
      edited(await answer(() => sendMessage('mergeCustomers', { targetId, sourceId }))),
    unmerge: async (mergeId) =>
      edited(await answer(() => sendMessage('unmergeCustomers', { mergeId }))),
    timeline: (customerId, cursor) =>
      answer(async () => ({ page: await sendMessage('getTimeline', { customerId, cursor }) })),
    insertReply,
    setXungHo: async (customerId, xungHo) =>
      edited(await sendMessage('setXungHo', { customerId, xungHo }).catch(refusal)),
    setStage: async (customerId, stageId) =>
      edited(await sendMessage('setStage', { customerId, stageId }).catch(refusal)),
  };
}

/**
 * The label chips' calls. Creating is offered to managers and owners of a team, and to a
 * local-only shop (which owns its catalog); `onChange` repaints when that changes.
 */
export function makeLabelActions(afterEdit: AfterEdit, onChange: () => void) {
  let mayCreateLabels = false;
  const checkRole = () =>
    sendMessage('syncOverview', undefined).then(
      (o) => {
        const next = o.connection === null || o.connection.me.role !== 'agent';
        if (next !== mayCreateLabels) {
          mayCreateLabels = next;
          onChange();
        }
      },
      () => {},
    );
  const baseLabelActions: LabelActions = {
    catalog: () => sendMessage('listLabels', undefined),
    assign: async (customerId, labelId) =>
      afterEdit(await sendMessage('assignLabel', { customerId, labelId })),
    unassign: async (customerId, labelId) =>
      afterEdit(await sendMessage('unassignLabel', { customerId, labelId })),
  };
  const createLabel = async (customerId: string, name: string) => {
    const before = await sendMessage('listLabels', undefined);
    const color = LABEL_PALETTE[before.length % LABEL_PALETTE.length] as string;
    const made = await sendMessage('editLabel', { action: 'create', name, color });
    if (!made.ok) return made.error;
    const label = (await sendMessage('listLabels', undefined)).find(
      (l) => l.name === name.trim() && !before.some((b) => b.id === l.id),
    );
    return label ? baseLabelActions.assign(customerId, label.id) : afterEdit({ ok: true });
  };

  // Alt+Shift+1…9 puts catalog label 1…9 on the open customer, or takes it off.
  const toggle = async (view: CustomerView, index: number) => {
    const { customerId, labels } = view;
    const label = (await sendMessage('listLabels', undefined))[index];
    if (!label) return;
    const on = (labels ?? []).some((l) => l.id === label.id);
    await baseLabelActions[on ? 'unassign' : 'assign'](customerId, label.id);
  };
  return {
    now: (): LabelActions =>
      mayCreateLabels ? { ...baseLabelActions, create: createLabel } : baseLabelActions,
    toggle,
    checkRole,
  };
}
