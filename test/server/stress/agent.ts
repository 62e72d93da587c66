// One simulated agent: an extension profile (its own fake-indexeddb KqDb), its SyncClient
// (rebuilt whenever the chaos "stops the service worker"), and a seeded mix of the local
// writes agents make — conversations recorded (customers, identities, links by phone),
// labels put on and taken off, notes added, edited and deleted.

import { rng } from '../../../bench/rng';
import type { ConversationSnapshot, Platform } from '../../../core/snapshot';
import type { Mutation } from '../../../core/sync/mutations';
import type { SyncStatus } from '../../../core/sync/status';
import { recordConversation } from '../../../storage/conversations';
import { KqDb } from '../../../storage/db';
import { assignLabel, unassignLabel } from '../../../storage/labels';
import { addNote, deleteNote, editNote } from '../../../storage/notes';
import { SyncClient } from '../../../storage/sync-client';
import { BASE, type Route, type StressNet } from './net';

export { rng };

const DAY = 86_400_000;

export interface World {
  /** Identities the agents meet: a shared pool, so two agents meet the same person. */
  people: { platform: Platform; externalId: string; name: string; phone?: string }[];
}

export function makeWorld(rand: () => number, size: number): World {
  const platforms: Platform[] = ['messenger', 'instagram', 'zalo'];
  const phones = Array.from(
    { length: Math.max(10, Math.round(size / 40)) },
    (_, i) => `09${String(12_000_000 + i * 7919).padStart(8, '0')}`,
  );
  const people = Array.from({ length: Math.max(40, Math.round(size / 12)) }, (_, i) => ({
    platform: platforms[i % 3] as Platform,
    externalId: `10000${String(4_000_000_000 + i * 104_729)}`,
    name: `Khách ${i}`,
    ...(rand() < 0.35 ? { phone: phones[Math.floor(rand() * phones.length)] } : {}),
  }));
  return { people };
}

export class Agent {
  readonly db: KqDb;
  sync!: SyncClient;
  /** Worker lifetime: bumped when the chaos stops the worker. */
  gen = 0;
  stopAt: Route | undefined;
  stops = 0;
  /** Ids of every mutation this profile queued, in committed transactions only. */
  readonly generated = new Map<string, Mutation>();
  private readonly myNotes: string[] = [];

  constructor(
    readonly name: string,
    readonly token: string,
    private readonly net: StressNet,
    private readonly rand: () => number,
  ) {
    this.db = new KqDb(`kq-stress-${name}-${Math.random()}`);
    // Counted at commit: a write whose transaction fails queued nothing.
    this.db.outbox.hook('creating', (_key, obj, tx) => {
      tx.on('complete', () => this.generated.set(obj.mutationId, obj.payload as Mutation));
    });
    this.startWorker();
  }

  /** A fresh service worker: a new SyncClient on the same IndexedDB. */
  startWorker(): void {
    // Small snapshot pages: an agent joining mid-run bootstraps over many requests.
    this.sync = new SyncClient(this.db, { fetch: this.net.fetcher(this), snapshotPage: 100 });
  }

  /** Called by the network when it stops this worker mid-request. */
  onStop(): void {
    this.stopWorker();
  }

  private onStopped: (() => void)[] = [];

  /** What Chromium's worker stop does: the old client and its promises are abandoned. */
  stopWorker(): void {
    this.gen++;
    this.stops++;
    for (const f of this.onStopped.splice(0)) f();
    this.startWorker();
    void this.sync.syncNow(); // the restarted worker syncs on start
  }

  /**
   * Syncs until a round finishes on a worker that was not stopped meanwhile (a stopped
   * worker's promise never settles, as in the browser; its successor takes over).
   */
  async settle(): Promise<SyncStatus> {
    for (;;) {
      const stopped = new Promise<undefined>((r) => this.onStopped.push(() => r(undefined)));
      const status = await Promise.race([this.sync.syncNow(), stopped]);
      if (status) return status;
    }
  }

  /**
   * Connects this profile to the team (retrying while the server or the network is down),
   * as an agent installing the extension mid-run does.
   */
  async join(): Promise<void> {
    for (;;) {
      await this.net.whenUp();
      try {
        await this.sync.connect({ url: BASE, token: this.token });
        return;
      } catch {
        // Offline: try again a little later, as the options page would (without the wait,
        // a network outage turns this into a loop of microtasks that starves everything).
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** One local write, picked by weight. Returns false when the pick had nothing to act on. */
  async step(world: World): Promise<boolean> {
    const r = this.rand();
    if (r < 0.35) return this.meet(world);
    if (r < 0.55) return this.assign();
    if (r < 0.68) return this.unassign();
    if (r < 0.83) return this.note();
    if (r < 0.95) return this.edit();
    return this.remove();
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs[Math.floor(this.rand() * xs.length)];
  }

  private async meet(world: World): Promise<boolean> {
    const p = this.pick(world.people)!;
    const at = Date.now() - Math.floor(this.rand() * 30) * DAY;
    const text = p.phone && this.rand() < 0.6 ? `sdt em ${p.phone} nhé` : 'Shop ơi còn hàng không?';
    const snapshot: ConversationSnapshot = {
      platform: p.platform,
      accountId: p.platform === 'zalo' ? 'zalo-web' : '104857600012345',
      externalId: p.externalId,
      idSource: 'tab-link',
      idConfidence: 'strong',
      displayName: this.rand() < 0.1 ? `${p.name} (${this.name})` : p.name,
      isGroup: false,
      messages: [{ direction: 'in', text: `${text} ${Math.floor(this.rand() * 1e6)}` }],
      health: { verdict: 'ok' },
      capturedAt: at,
    };
    await recordConversation(this.db, snapshot, { now: () => at, utcOffsetMinutes: () => 420 });
    return true;
  }

  private async randomCustomer(): Promise<string | undefined> {
    const n = await this.db.customers.count();
    if (n === 0) return undefined;
    return (await this.db.customers.offset(Math.floor(this.rand() * n)).first())?.id;
  }

  private async assign(): Promise<boolean> {
    const labels = (await this.db.labels.toArray()).filter((l) => !l.archived);
    const label = this.pick(labels);
    const customer = await this.randomCustomer();
    if (!label || !customer) return false;
    await assignLabel(this.db, customer, label.id);
    return true;
  }

  private async unassign(): Promise<boolean> {
    const n = await this.db.labelAssignments.count();
    if (n === 0) return false;
    const a = await this.db.labelAssignments.offset(Math.floor(this.rand() * n)).first();
    if (!a) return false;
    await unassignLabel(this.db, a.customerId, a.labelId);
    return true;
  }

  private async note(): Promise<boolean> {
    const customer = await this.randomCustomer();
    if (!customer) return false;
    const n = await addNote(this.db, {
      customerId: customer,
      text: `ghi chú ${Math.floor(this.rand() * 1e9)} của ${this.name}`,
      author: this.name,
    });
    this.myNotes.push(n.id);
    return true;
  }

  /** An own note still here (agents edit and delete only their own). */
  private async ownNote(): Promise<string | undefined> {
    for (let tries = 0; tries < 5 && this.myNotes.length > 0; tries++) {
      const i = Math.floor(this.rand() * this.myNotes.length);
      const id = this.myNotes[i]!;
      if (await this.db.notes.get(id)) return id;
      this.myNotes.splice(i, 1);
    }
    return undefined;
  }

  private async edit(): Promise<boolean> {
    const id = await this.ownNote();
    if (!id) return false;
    const change =
      this.rand() < 0.5
        ? { text: `sửa ${Math.floor(this.rand() * 1e9)}` }
        : { pinned: this.rand() < 0.5 };
    await editNote(this.db, id, change);
    return true;
  }

  private async remove(): Promise<boolean> {
    const id = await this.ownNote();
    if (!id) return false;
    await deleteNote(this.db, id);
    this.myNotes.splice(this.myNotes.indexOf(id), 1);
    return true;
  }
}
