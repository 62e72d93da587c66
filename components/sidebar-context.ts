// What the sidebar's panels can ask of the background and the host page, handed down through
// a context so the frame (Sidebar.tsx) does not have to thread every action through.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type {
  AddContactResult,
  ContactKind,
  NoteRequest,
  Suggestion,
} from '@/core/customer-actions';
import type { NoteView } from '@/core/customer-view';
import type { Result } from '@/core/protocol';
import type { Platform, SnapshotMessage } from '@/core/snapshot';
import type { TimelinePage } from '@/core/timeline';

/** Failures come back as a message the panel shows; the call itself never throws. */
export type Answer<T = object> = Result<T>;

export interface PanelActions {
  note(req: NoteRequest): Promise<Answer<{ note?: NoteView }>>;
  addContact(
    customerId: string,
    kind: ContactKind,
    value: string,
  ): Promise<Answer<AddContactResult>>;
  removeContact(customerId: string, kind: ContactKind, value: string): Promise<Answer>;
  suggestions(customerId: string): Promise<Suggestion[]>;
  dismissSuggestion(customerId: string, otherId: string): Promise<Answer>;
  merge(targetId: string, sourceId: string): Promise<Answer>;
  unmerge(mergeId: string): Promise<Answer>;
  timeline(customerId: string, cursor: string): Promise<Answer<{ page: TimelinePage }>>;
  /** Into the host composer (never sent), and counted as used for the ranking. */
  insertReply(templateId: string, text: string): Promise<Answer>;
  /** How the replies address this customer: anh / chị / bạn / em, '' for the default. */
  setXungHo(customerId: string, xungHo: 'anh' | 'chị' | 'bạn' | 'em' | ''): Promise<Answer>;
  /** Pipeline (issue 9): the agent picks the customer's stage. */
  setStage(customerId: string, stageId: string): Promise<Answer>;
}

/** The open thread as the adapter read it: what the messaging window is counted from. */
export interface ThreadFacts {
  platform: Platform;
  messages: readonly SnapshotMessage[];
}

export interface SidebarContextValue {
  actions?: PanelActions;
  thread?: ThreadFacts;
  /** Epoch ms "now", refreshed each minute by the host so countdowns move. */
  now: number;
}

export const SidebarContext = createContext<SidebarContextValue>({ now: Date.now() });
export const useSidebar = () => useContext(SidebarContext);
