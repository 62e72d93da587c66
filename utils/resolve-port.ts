// Snapshots go to the background over one long-lived port per tab, not a runtime.sendMessage
// each. sendMessage opens and closes a message channel per call (in the tab, the browser
// and the worker); a port message costs a fraction of that on the host page's main thread
// (measured in Chromium: 0.2–0.4 ms against 0.6–1.7 ms per round trip, ~100 round trips
// while a thread streams 500 messages). Requests carry an id and answers echo it.
// The tab's end is here; the background's end, which validates with the full schemas, is
// utils/serve-port.ts (kept apart so the content scripts carry no schema library).

/** The name both ends use for the port. */
export const RESOLVE_PORT = 'kq-resolve';

/** What we use of `runtime.Port`. */
export interface PortLike {
  readonly name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

interface Call {
  snapshot: unknown;
  resolve(view: unknown): void;
  reject(error: Error): void;
  /** How many times it was sent. */
  sent: number;
}

/**
 * The content script's end. The port opens on the first request and again after the worker
 * stopped (MV3 stops idle workers; that disconnects the port). A request whose port
 * disconnects before the answer is sent once more on a fresh port, then given up.
 */
export function portResolver(connect: () => PortLike): {
  resolve(snapshot: unknown): Promise<unknown>;
  close(): void;
} {
  let port: PortLike | undefined;
  let nextId = 0;
  let closed = false;
  /** Requests waiting for their answer, with the port each went out on. */
  const pending = new Map<number, { call: Call; via: PortLike }>();
  const stopped = () => new Error('the content script was stopped');

  const retry = (call: Call, error: Error) => {
    if (closed) call.reject(stopped());
    else if (call.sent >= 2) call.reject(error);
    else send(call);
  };

  const open = (): PortLike => {
    const p = connect();
    p.onMessage.addListener((message) => {
      if (typeof message !== 'object' || message === null) return;
      const { id, res, err } = message as { id?: unknown; res?: unknown; err?: unknown };
      const entry = typeof id === 'number' ? pending.get(id) : undefined;
      if (!entry || entry.via !== p) return;
      pending.delete(id as number);
      if (typeof err === 'string') entry.call.reject(new Error(err));
      else entry.call.resolve(res);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = undefined;
      for (const [id, entry] of [...pending]) {
        if (entry.via !== p) continue;
        pending.delete(id);
        retry(entry.call, new Error('the background stopped answering'));
      }
    });
    return p;
  };

  const send = (call: Call): void => {
    call.sent += 1;
    let id = 0;
    try {
      const p = port ?? open();
      port = p;
      id = ++nextId;
      pending.set(id, { call, via: p });
      p.postMessage({ id, snapshot: call.snapshot });
    } catch (error) {
      // A port the worker already dropped (its disconnect not delivered yet), or no
      // background at all (the extension was reloaded under this page).
      pending.delete(id);
      port = undefined;
      retry(call, error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    resolve: (snapshot) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(stopped());
        send({ snapshot, resolve, reject, sent: 0 });
      }),
    close() {
      closed = true;
      const p = port;
      port = undefined;
      for (const { call } of pending.values()) call.reject(stopped());
      pending.clear();
      p?.disconnect();
    },
  };
}
