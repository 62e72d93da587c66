import { browser } from 'wxt/browser';
import { type CustomerView, CustomerViewSchema } from '@/core/customer-view';
import { en } from '@/core/i18n-en';
import { describeIssues } from '@/core/protocol';
import type { ConversationSnapshot } from '@/core/snapshot';
import type { SyncStatus } from '@/core/sync/status';
import {
  careAfterSnapshot,
  careEntry,
  moveCareItems,
  rebuildAllCare,
  recomputeCustomerCare,
  unmoveCareItems,
} from '@/storage/care';
import {
  CARE_ALARM,
  CARE_ALARM_SOON,
  notificationOpened,
  onNotificationOpen,
  runCareAlarm,
  scheduleCareAlarm,
} from '@/storage/care-alarm';
import {
  type CareContext,
  handleCareAct,
  handleGetCareQueue,
  handleGetCareRules,
  handleSaveCareRules,
  handleSetBirthday,
  handleSetReminder,
} from '@/storage/care-handlers';
import { handleGetBirthday } from '@/storage/care-ui-handlers';
import { KqDb } from '@/storage/db';
import { inForeground } from '@/storage/foreground';
import {
  handleAddContact,
  handleDismissSuggestion,
  handleGetSuggestions,
  handleGetTimeline,
  handleMergeCustomers,
  handleUnmergeCustomers,
  resolveSnapshot,
} from '@/storage/handlers';
import { handleImportFinished } from '@/storage/import';
import { labelsFrom, labelsOf } from '@/storage/labels';
import {
  handleInviteMember,
  handleListMembers,
  handleRemoveMember,
  handleSetMemberRole,
} from '@/storage/member-handlers';
import {
  handleGetPipelineBoard,
  handleGetPipelineSettings,
  handleSavePipeline,
  handleSaveTiers,
  handleSetStage,
} from '@/storage/pipeline-handlers';
import { refreshRfmCutsIfStale } from '@/storage/rfm';
import { storedSelectorPack } from '@/storage/selector-packs';
import {
  handleGetRecognition,
  handleSaveRecognition,
  handleSetKeepText,
} from '@/storage/settings-handlers';
import { handleNote, handleRemoveContact } from '@/storage/sidebar-handlers';
import { handleGetStats } from '@/storage/stats-handler';
import { SyncClient } from '@/storage/sync-client';
import {
  handleAssign,
  handleConnect,
  handleEditLabel,
  handleListLabels,
  handleOverview,
} from '@/storage/team-handlers';
import {
  handleDeleteTemplate,
  handleExpandShortcut,
  handleGetReplySettings,
  handleListTemplates,
  handlePreviewTemplate,
  handleReplyUsed,
  handleSaveReplySettings,
  handleSaveTemplate,
  handleSetXungHo,
  type ReplyContext,
} from '@/storage/template-handlers';
import { ReplyCache, withReplies } from '@/storage/templates';
import {
  type CareOpenDeps,
  handleOpenCareItem,
  handleTakePendingInsert,
  hasPendingInsert,
  openCareItem,
} from '@/utils/care-open';
import { onMessage, sendMessage } from '@/utils/messaging';
import { RESOLVE_PORT } from '@/utils/resolve-port';
import { servePort } from '@/utils/serve-port';
import { readLocale } from '@/utils/ui-locale';

const INBOX_TABS = [
  'https://business.facebook.com/*',
  'https://www.facebook.com/latest/inbox/*',
  'https://chat.zalo.me/*',
];
const SYNC_ALARM = 'kq-sync';

export default defineBackground(() => {
  const db = new KqDb();

  /** Tell every open inbox tab; a tab without our content script just doesn't answer. */
  const broadcast = async (send: (tabId: number) => Promise<unknown>) => {
    const tabs = await browser.tabs.query({ url: INBOX_TABS });
    await Promise.all(tabs.map((t) => (t.id === undefined ? null : send(t.id).catch(() => {}))));
  };

  // Templates, usage and reply settings stay in memory between conversations; every
  // handler that changes them invalidates what it changed.
  const replyCache = new ReplyCache(db);

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  // Set once the care queue is wired below (a pull may bring care items or birthdays).
  let careTickRef: (() => unknown) | undefined;
  const sync = new SyncClient(db, {
    onApplied: (r) => {
      if (r.care) void careTickRef?.();
      // A teammate's birthday edit: those customers' items follow (a first pull of the
      // whole team waits for the daily pass instead).
      if (r.customers.size > 0 && r.customers.size <= 50)
        void Promise.all([...r.customers].map((id) => recomputeCustomerCare(db, id))).catch(
          () => undefined,
        );
      // A pull may bring the team's templates: rank with them from the next conversation.
      replyCache.invalidate({ templates: true });
      void broadcast((tabId) =>
        sendMessage('dataChanged', { customerIds: [...r.customers], labels: r.labels }, tabId),
      );
    },
    onStatus: (status: SyncStatus) => {
      void broadcast((tabId) => sendMessage('syncStatusChanged', status, tabId));
      // Offline: try again on the backoff schedule; the alarm covers a stopped worker.
      clearTimeout(retryTimer);
      if (status.state === 'offline') {
        retryTimer = setTimeout(
          () => void sync.syncNow(),
          Math.max(0, status.retryAt - Date.now()),
        );
      }
    },
  });

  // The stream says when to pull. An MV3 worker can be stopped at any time, so the alarm
  // below reopens it and pulls anyway; nothing depends on the stream staying up.
  let listening: AbortController | undefined;
  const listen = async () => {
    if (listening || !(await sync.connection())) return;
    const ctl = new AbortController();
    listening = ctl;
    try {
      await sync.listen(ctl.signal);
    } catch {
      // offline or refused: the next alarm or write tries again
    } finally {
      if (listening === ctl) listening = undefined;
    }
  };
  const stopListening = () => {
    listening?.abort();
    listening = undefined;
  };

  // Local writes go out soon, in one push for a burst of them.
  let pushTimer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    void sync.noteLocalWrite();
    clearTimeout(pushTimer);
    pushTimer = setTimeout(() => void sync.syncNow(), 300);
  };

  browser.alarms.create(SYNC_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    void sync.syncNow();
    void listen();
  });
  void sync.syncNow().then(() => listen());

  const replies: ReplyContext = {
    db,
    cache: replyCache,
    memberName: async () => (await sync.connection())?.me.name,
    team: {
      connected: async () => (await sync.connection()) !== undefined,
      call: (method, path, body) => sync.call(method, path, body),
      pull: async () => {
        await sync.syncNow();
      },
    },
  };

  // The view is answered before its transaction commits (storage/handlers.ts). A failed
  // commit is rare (quota, a broken profile): tell the tab to look again, and until a
  // commit succeeds, answer only after the commit, so the failure shows as an error.
  let commitsFailing = false;
  // The snapshot arrives validated by the port (utils/serve-port.ts); the view is checked
  // once, whole, before it goes (checkedView).
  const resolve = async (snapshot: ConversationSnapshot) => {
    // Started first: a read issued after the snapshot's transaction would wait for its commit.
    const connecting = sync.connection();
    const {
      view: resolved,
      rows,
      committed,
    } = await resolveSnapshot(db, snapshot, undefined, (key) => sync.lookupIdentity(key));
    const stored = committed.then(
      () => {
        commitsFailing = false;
      },
      (error: unknown) => {
        console.error('[kq] a conversation could not be stored', error);
        if (commitsFailing) return;
        commitsFailing = true;
        void broadcast((tabId) =>
          sendMessage('dataChanged', { customerIds: [resolved.customerId], labels: false }, tabId),
        );
      },
    );
    if (commitsFailing) await committed;
    const connection = await connecting;
    if (connection) void stored.then(soon);
    // Care items (who wrote last, for `unanswered`) after the commit, off the answer's path.
    if (resolved.customerId !== 'unconfirmed')
      void stored
        .then(() => careAfterSnapshot(db, resolved.customerId, snapshot))
        .then((changed) => (changed ? careTick() : undefined))
        .catch(() => undefined);
    // RFM quintiles are recomputed off the conversation path, only when stale.
    void stored.then(() => refreshRfmCutsIfStale(db));
    const { messages } = snapshot;
    // A text left by an opened care item: the care panel asks for it only when there is one.
    const pending =
      resolved.customerId === 'unconfirmed'
        ? false
        : hasPendingInsert(resolved.customerId).catch(() => false);
    const view = await withReplies(db, replyCache, resolved, messages, connection?.me.name, rows);
    if (view.customerId === 'unconfirmed') return view;
    return {
      ...view,
      labels: rows
        ? labelsFrom(rows.assignments, rows.labels)
        : await labelsOf(db, view.customerId),
      ...(rows ? { birthday: rows.customer.birthday ?? null } : {}),
      ...((await pending) ? { pendingInsert: true } : {}),
    };
  };
  // The content script carries no schema library: the view is checked in full here, by
  // its producer, before it goes.
  const checkedView = (view: unknown): CustomerView => {
    const parsed = CustomerViewSchema.safeParse(view);
    if (!parsed.success) throw new Error(`bad answer: ${describeIssues(parsed.error)}`);
    return parsed.data;
  };
  // Snapshots arrive over a long-lived port per tab (utils/resolve-port.ts). Only our own
  // content scripts can connect (no externally_connectable); still, check who it is.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== RESOLVE_PORT || port.sender?.id !== browser.runtime.id) return;
    // In the foreground: the care queue's full pass holds back its next chunk meanwhile.
    servePort(port, (snapshot) => inForeground(() => resolve(snapshot).then(checkedView)));
  });
  onMessage('getSelectorPack', ({ data }) =>
    data?.platform === 'meta' || data?.platform === 'zalo'
      ? storedSelectorPack(db, data.platform)
      : null,
  );

  // Agent actions on customer records: each writes locally in one transaction with its
  // outbox entries; push them soon when connected.
  const thenPush = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    if (await sync.connection()) soon();
    return result;
  };
  // A merge takes the source's care items along; its undo brings them back.
  onMessage('mergeCustomers', async ({ data }) => {
    const r = await thenPush(handleMergeCustomers(db, data));
    await moveCareItems(db, r.sourceId, r.targetId).catch(() => undefined);
    return r;
  });
  onMessage('unmergeCustomers', async ({ data }) => {
    const r = await thenPush(handleUnmergeCustomers(db, data));
    await unmoveCareItems(db, r.targetId, r.sourceId).catch(() => undefined);
    return r;
  });
  onMessage('addContact', ({ data }) => thenPush(handleAddContact(db, data)));
  onMessage('getTimeline', ({ data }) => handleGetTimeline(db, data));
  onMessage('getSuggestions', ({ data }) => handleGetSuggestions(db, data));
  onMessage('dismissSuggestion', ({ data }) => handleDismissSuggestion(db, data));
  onMessage('removeContact', ({ data }) => thenPush(handleRemoveContact(db, data)));
  // Notes carry the team member's name when connected (the server records it too).
  onMessage('note', async ({ data }) =>
    thenPush(handleNote(db, data, (await sync.connection())?.me.name ?? '')),
  );

  onMessage('listLabels', ({ data }) => handleListLabels(db, { counts: data?.counts === true }));
  onMessage('assignLabel', async ({ data }) => {
    const r = await handleAssign(db, data, true);
    if (r.ok) soon();
    return r;
  });
  onMessage('unassignLabel', async ({ data }) => {
    const r = await handleAssign(db, data, false);
    if (r.ok) soon();
    return r;
  });
  onMessage('editLabel', async ({ data }) => {
    const r = await handleEditLabel(db, sync, data);
    if (r.ok)
      void broadcast((tabId) =>
        sendMessage('dataChanged', { customerIds: [], labels: true }, tabId),
      );
    return r;
  });

  onMessage('syncConnect', async ({ data }) => {
    stopListening();
    const r = await handleConnect(sync, data);
    if (r.ok) void listen();
    return r;
  });
  onMessage('syncDisconnect', async () => {
    stopListening();
    await sync.disconnect();
    return { ok: true };
  });
  onMessage('syncOverview', () => handleOverview(sync));
  onMessage('getRecognition', () => handleGetRecognition(db));
  // New thresholds change badges: open sidebars read their customer again.
  const refreshTabs = () =>
    void broadcast((tabId) => sendMessage('dataChanged', { customerIds: [], labels: true }, tabId));
  onMessage('saveRecognition', async ({ data }) => {
    const r = await handleSaveRecognition(db, data);
    if (r.ok) refreshTabs();
    return r;
  });
  onMessage('setKeepText', ({ data }) => handleSetKeepText(db, data));
  onMessage('listMembers', () => handleListMembers(sync));
  onMessage('inviteMember', ({ data }) => handleInviteMember(sync, data));
  onMessage('setMemberRole', ({ data }) => handleSetMemberRole(sync, data));
  onMessage('removeMember', ({ data }) => handleRemoveMember(sync, data));

  onMessage('replyUsed', ({ data }) => handleReplyUsed(replies, data));
  onMessage('expandShortcut', ({ data }) => handleExpandShortcut(replies, data));
  onMessage('listTemplates', () => handleListTemplates(replies));
  onMessage('saveTemplate', ({ data }) => handleSaveTemplate(replies, data));
  onMessage('deleteTemplate', ({ data }) => handleDeleteTemplate(replies, data));
  onMessage('previewTemplate', ({ data }) => handlePreviewTemplate(replies, data));
  onMessage('setXungHo', async ({ data }) => {
    const r = await handleSetXungHo(replies, data);
    // The open sidebar shows the salutation in its replies: re-resolve that customer.
    if (r.ok && typeof data?.customerId === 'string')
      void broadcast((tabId) =>
        sendMessage('dataChanged', { customerIds: [data.customerId], labels: false }, tabId),
      );
    return r;
  });
  onMessage('getReplySettings', () => handleGetReplySettings(replies));
  onMessage('saveReplySettings', ({ data }) => handleSaveReplySettings(replies, data));
  // The options page's worker wrote an import: any open customer may now have orders or
  // be the one a phone number names, so every open sidebar looks again (the labels flag
  // makes it re-resolve whoever is open; a list of 100k ids would not).
  onMessage('importFinished', async ({ data }) => {
    const r = await handleImportFinished(db, data);
    if (!r.ok) return r;
    // New orders and birthdays, or an undo that took customers away: every item again.
    void rebuildAllCare(db).then(() => careTick());
    void broadcast((tabId) => sendMessage('dataChanged', { customerIds: [], labels: true }, tabId));
    if (await sync.connection()) soon();
    return r;
  });
  // Care follow-ups (issue 9): the queue, reminders, birthdays, rules; the minute alarm
  // keeps the badge and notifications current (state in Dexie: a stopped worker loses
  // nothing).
  const care: CareContext = {
    db,
    me: async () => (await sync.connection())?.me,
    checkAssignee: async (memberId) => {
      try {
        const members = (await sync.call('GET', '/v1/members')) as {
          members?: { id: string }[];
        };
        return members.members?.some(
          (m) => m.id === memberId && !(m as { revoked?: boolean }).revoked,
        )
          ? null
          : `no member ${memberId} in this team`;
      } catch {
        // Offline: the server checks the assignee again when the reminder is pushed.
        return null;
      }
    },
  };
  let careRunning: Promise<unknown> | undefined;
  const careTick = () => {
    careRunning ??= runCareAlarm({
      db,
      browser,
      locale: readLocale,
      me: async () => (await sync.connection())?.me.memberId,
      broadcast: (counts) => {
        void broadcast((tabId) => sendMessage('careChanged', { counts }, tabId));
        // The popup, when open, listens too.
        void sendMessage('careChanged', { counts }).catch(() => undefined);
      },
    })
      .catch(() => undefined)
      .finally(() => {
        careRunning = undefined;
      });
    return careRunning;
  };
  careTickRef = careTick;
  browser.runtime.onInstalled.addListener(() => scheduleCareAlarm(browser));
  browser.runtime.onStartup.addListener(() => scheduleCareAlarm(browser));
  void browser.alarms.get(CARE_ALARM).then((a) => (a ? undefined : scheduleCareAlarm(browser)));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CARE_ALARM || alarm.name === CARE_ALARM_SOON) void careTick();
  });
  browser.notifications?.onClicked.addListener((id) => {
    if (id.includes('|reminder|')) notificationOpened(id);
    void browser.notifications.clear(id);
  });
  const careThen = async <T extends { ok: boolean }>(work: Promise<T>): Promise<T> => {
    const r = await thenPush(work);
    if (r.ok) void careTick();
    return r;
  };
  onMessage('getCareQueue', ({ data }) => handleGetCareQueue(care, data));
  onMessage('careAct', ({ data }) => careThen(handleCareAct(care, data)));
  onMessage('setReminder', ({ data }) => careThen(handleSetReminder(care, data)));
  onMessage('setBirthday', async ({ data }) => {
    const r = await careThen(handleSetBirthday(care, data));
    if (r.ok && typeof data?.customerId === 'string')
      void broadcast((tabId) =>
        sendMessage('dataChanged', { customerIds: [data.customerId], labels: false }, tabId),
      );
    return r;
  });
  // Pipeline and loyalty tiers (issue 9). The agent's choice carries their name (the team
  // member's when connected, else the shop's agent name) and syncs; new stages or tiers
  // change every open sidebar.
  onMessage('setStage', async ({ data }) => {
    const by =
      (await sync.connection())?.me.name || (await handleGetReplySettings(replies)).agentName;
    const r = await thenPush(handleSetStage(db, data, Date.now(), by || undefined));
    if (r.ok && typeof data?.customerId === 'string')
      void broadcast((tabId) =>
        sendMessage('dataChanged', { customerIds: [data.customerId], labels: false }, tabId),
      );
    return r;
  });
  onMessage('getCareRules', () => handleGetCareRules(care));
  onMessage('saveCareRules', async ({ data }) => {
    const r = await handleSaveCareRules(care, data);
    if (r.ok) void rebuildAllCare(db).then(() => careTick());
    return r;
  });

  // Opening an item (sidebar, popup, or its notification): Meta's inbox tab goes to the
  // thread, Zalo's search box gets the name; the filled text waits for that customer's
  // composer, which takes it once (never sent).
  const careOpen: CareOpenDeps = {
    entry: async (id) => careEntry(db, id, Date.now(), (await sync.connection())?.me.name),
  };
  onMessage('openCareItem', ({ data }) => handleOpenCareItem(data, careOpen));
  onNotificationOpen((id) => void openCareItem(id, careOpen));
  onMessage('takePendingInsert', ({ data }) => handleTakePendingInsert(data));
  onMessage('getBirthday', ({ data }) => handleGetBirthday(db, data));
  onMessage('getPipelineSettings', () => handleGetPipelineSettings(db));
  // Like the care rules: the shop's stages and tiers are the managers' (agents of a team
  // are refused; a local-only shop decides for itself).
  const agentOfTeam = async () => (await sync.connection())?.me.role === 'agent';
  onMessage('savePipeline', async ({ data }) => {
    if (await agentOfTeam())
      return { ok: false, error: 'stages: only owners and managers change the pipeline' };
    const r = await handleSavePipeline(db, data);
    if (r.ok) refreshTabs();
    return r;
  });
  onMessage('saveTiers', async ({ data }) => {
    if (await agentOfTeam())
      return { ok: false, error: 'tiers: only owners and managers change the loyalty tiers' };
    const r = await handleSaveTiers(db, data);
    if (r.ok) {
      replyCache.invalidate({ settings: true });
      refreshTabs();
    }
    return r;
  });
  onMessage('getPipelineBoard', ({ data }) => handleGetPipelineBoard(db, data, Date.now()));
  onMessage('getSyncStatus', () => sync.status());
  onMessage('getStrings', () => en);
  onMessage('getStats', ({ data }) => handleGetStats(db, sync, data));
  // The options page restored a backup straight into the database: drop what is cached.
  onMessage('backupRestored', () => {
    replyCache.invalidate({ templates: true, usage: true, settings: true });
    void refreshRfmCutsIfStale(db);
    void broadcast((tabId) => sendMessage('dataChanged', { customerIds: [], labels: true }, tabId));
    return { ok: true };
  });
});
