// The stress test's network: every agent's fetch() goes through here to whichever server
// process is up, with faults switched on by the chaos schedule — the server gone (fetch
// throws), the network down, a response lost after the server applied the request, and
// the service worker stopped mid-request (the caller never hears back).

/** Clients are configured with this address; requests go to the live process. */
export const BASE = 'http://kq.stress';

export type Route = 'push' | 'pull' | 'snapshot' | 'other';
const routeOf = (url: string): Route =>
  url.includes('/v1/sync/push')
    ? 'push'
    : url.includes('/v1/sync/pull')
      ? 'pull'
      : url.includes('/v1/sync/snapshot')
        ? 'snapshot'
        : 'other';

/** A promise that never settles: what a stopped worker's pending fetch looks like from inside. */
const never = <T>() => new Promise<T>(() => {});

export interface PushTally {
  applied: number;
  duplicate: number;
  rejected: { id: string; code: string; message: string }[];
}

export class StressNet {
  private live: string | undefined;
  private upWaiters: (() => void)[] = [];
  /** The live server's base URL, undefined while it is down. */
  get target(): string | undefined {
    return this.live;
  }
  set target(url: string | undefined) {
    this.live = url;
    if (url) for (const f of this.upWaiters.splice(0)) f();
  }
  /** Resolves once a server process is up. */
  whenUp(): Promise<void> {
    return this.live ? Promise.resolve() : new Promise((r) => this.upWaiters.push(r));
  }
  down = false;
  /** Probability that a response is lost after the server handled the request. */
  loseRate = 0;
  lost = 0;
  drops = 0;
  readonly tally: PushTally = { applied: 0, duplicate: 0, rejected: [] };
  /** Pushes on the wire right now, with a hook to fire the next time one is sent. */
  inFlightPushes = 0;
  private onPush: (() => void) | undefined;

  constructor(private readonly rand: () => number) {}

  /** Resolves the next time any agent sends a push (the kill then lands mid-push). */
  nextPush(): Promise<void> {
    return new Promise((r) => {
      this.onPush = r;
    });
  }

  /**
   * One agent's fetch for one worker lifetime. `alive()` turns false when the chaos stops
   * that worker; `stopAt` names a route on which to stop it mid-request (after the server
   * got the request, before the answer is read).
   */
  fetcher(agent: { gen: number; stopAt?: Route; onStop: () => void }): typeof fetch {
    const gen = agent.gen;
    return async (input, init) => {
      if (agent.gen !== gen) return never();
      const url = String(input);
      const route = routeOf(url);
      if (this.down || !this.target) {
        this.drops++;
        throw new TypeError('fetch failed: network down');
      }
      const stopHere = agent.stopAt === route;
      if (stopHere) agent.stopAt = undefined;
      if (route === 'push') {
        this.inFlightPushes++;
        const hook = this.onPush;
        this.onPush = undefined;
        hook?.();
      }
      let res: Response;
      try {
        res = await fetch(url.replace(BASE, this.target), init);
        if (route === 'push' && res.ok) {
          // Read here so the counts include answers the client then never sees.
          const body = await res.text();
          this.count(body);
          res = new Response(body, { status: res.status, headers: res.headers });
        }
      } finally {
        if (route === 'push') this.inFlightPushes--;
      }
      if (stopHere) {
        // The worker stops with the answer on its way: this SyncClient never resumes.
        agent.onStop();
        return never();
      }
      if (agent.gen !== gen) return never();
      if (route !== 'other' && this.rand() < this.loseRate) {
        this.lost++;
        throw new TypeError('network connection lost');
      }
      return res;
    };
  }

  private count(body: string): void {
    const parsed = JSON.parse(body) as {
      results: { id: string; status: string; error?: { code: string; message: string } }[];
    };
    for (const r of parsed.results) {
      if (r.status === 'applied') this.tally.applied++;
      else if (r.status === 'duplicate') this.tally.duplicate++;
      else
        this.tally.rejected.push({
          id: r.id,
          code: r.error?.code ?? '?',
          message: r.error?.message ?? '',
        });
    }
  }
}
