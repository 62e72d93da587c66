// Realtime fan-out. Every write NOTIFYs `kq_changes` with {team, seq} inside its
// transaction; each instance LISTENs once and wakes its own SSE clients of that team.
// Postgres delivers the notification to every instance, so any instance can serve any
// client. On PGlite the same LISTEN/NOTIFY works inside the one process.
import type { Db } from './db/index';
import type { Logger } from './log';
import { CHANGES_CHANNEL } from './sync';

export const AUTH_CHANNEL = 'kq_auth';

export interface Subscriber {
  onChange(seq: number): void;
  /** The server is shutting down, or lost its database connection and came back. */
  onClose?(): void;
  onResync?(): void;
}

export class RealtimeHub {
  private teams = new Map<string, Set<Subscriber>>();
  private stops: (() => Promise<void>)[] = [];
  private authListeners = new Set<(teamId: string, memberId: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.stops.push(
      await this.db.listen(
        CHANGES_CHANNEL,
        (payload) => {
          try {
            const { t, s } = JSON.parse(payload) as { t: string; s: number };
            this.dispatch(t, s);
          } catch {
            this.log('warn', 'bad notification payload', { channel: CHANGES_CHANNEL });
          }
        },
        () => {
          this.log('warn', 'listen connection re-established; asking clients to pull');
          for (const subs of this.teams.values()) for (const s of subs) s.onResync?.();
        },
      ),
    );
    this.stops.push(
      await this.db.listen(AUTH_CHANNEL, (payload) => {
        try {
          const { t, m } = JSON.parse(payload) as { t: string; m: string };
          for (const fn of this.authListeners) fn(t, m);
        } catch {
          this.log('warn', 'bad notification payload', { channel: AUTH_CHANNEL });
        }
      }),
    );
  }

  onRevoke(fn: (teamId: string, memberId: string) => void): void {
    this.authListeners.add(fn);
  }

  subscribe(teamId: string, sub: Subscriber): () => void {
    let set = this.teams.get(teamId);
    if (!set) {
      set = new Set();
      this.teams.set(teamId, set);
    }
    set.add(sub);
    return () => {
      const s = this.teams.get(teamId);
      if (!s) return;
      s.delete(sub);
      if (s.size === 0) this.teams.delete(teamId);
    };
  }

  get connections(): number {
    let n = 0;
    for (const s of this.teams.values()) n += s.size;
    return n;
  }

  private dispatch(teamId: string, seq: number): void {
    const subs = this.teams.get(teamId);
    if (!subs) return;
    for (const s of subs) {
      try {
        s.onChange(seq);
      } catch (e) {
        this.log('warn', 'sse subscriber failed', { error: String(e) });
      }
    }
  }

  /** Ends every stream (graceful shutdown) and stops listening. */
  async stop(): Promise<void> {
    for (const subs of this.teams.values()) for (const s of subs) s.onClose?.();
    this.teams.clear();
    const stops = this.stops;
    this.stops = [];
    await Promise.all(stops.map((f) => f().catch(() => {})));
  }
}
