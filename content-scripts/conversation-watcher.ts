// Watches the host page for conversation changes with a scoped observer (fast path) and a
// slow periodic re-check (second path, also re-attaches when the host replaces its roots).
// A switch is read on the next animation frame, new messages at most once per settle
// period, and a reading is emitted only when it changed.
import type { PlatformAdapter, Reading } from './adapter';

export interface WatchOptions {
  /** Slow path period; also how soon a stuck "pending" is re-evaluated. */
  recheckMs?: number;
  /**
   * While the open conversation reads `ok` and neither the observer nor the cheap
   * fingerprint saw a change, the slow path reads in full only every this many ticks.
   */
  fullEvery?: number;
  /** Our own UI host: mutations inside it are ignored. */
  ownHost?: Element;
  /** Within one conversation (new messages), read at most this often. */
  settleMs?: number;
}

/** What makes two readings the same for the sidebar (time of capture excluded). */
export function readingKey(reading: Reading): string {
  if (reading.kind !== 'snapshot') return `${reading.kind}:${reading.reason}`;
  const { capturedAt: _, messages, ...rest } = reading.snapshot;
  const last = messages.at(-1);
  return JSON.stringify([rest, messages.length, last?.direction, last?.text, last?.at]);
}

export function watchConversation(
  adapter: PlatformAdapter,
  onReading: (reading: Reading) => void,
  signal: AbortSignal,
  options: WatchOptions = {},
): void {
  const { recheckMs = 1000, ownHost, settleMs = 100, fullEvery = 5 } = options;
  let lastKey = '';
  /** The last reading was a healthy snapshot (nothing to re-evaluate soon). */
  let settled = false;
  let quietTicks = 0;
  let quick = '';
  let frame = 0;
  let timeout: ReturnType<typeof setTimeout> | undefined;
  let roots: Element[] = [];
  let shallow: Element[] = [];

  /** The adapter's cheap fingerprint; a throw keeps the last one (the next read decides). */
  const fingerprint = () => {
    try {
      return adapter.quickKey();
    } catch {
      return quick;
    }
  };

  const emit = () => {
    frame = 0;
    if (timeout !== undefined) clearTimeout(timeout);
    timeout = undefined;
    if (signal.aborted) return;
    let reading: Reading;
    try {
      reading = adapter.read(Date.now());
    } catch (error) {
      // A page we do not understand must never break the host or show a stale customer.
      reading = {
        kind: 'pending',
        reason: `the page could not be read (${(error as Error).name})`,
      };
    }
    quick = fingerprint();
    quietTicks = 0;
    settled = reading.kind === 'snapshot' && reading.snapshot.health.verdict === 'ok';
    const key = readingKey(reading);
    if (key === lastKey) return;
    lastKey = key;
    onReading(reading);
  };
  /** A switch in progress: read on the next frame. */
  const schedule = () => {
    if (frame === 0 && !signal.aborted) frame = requestAnimationFrame(emit);
  };
  /** Same conversation, new messages: one read per `settleMs`, however fast they stream. */
  const scheduleSettled = () => {
    if (frame === 0 && timeout === undefined && !signal.aborted)
      timeout = setTimeout(emit, settleMs);
  };

  const observer = new MutationObserver((records) => {
    // Our own UI and the agent's typing in the host composer say nothing about which
    // conversation is open.
    const composer = adapter.composer();
    if (records.every((r) => ownHost?.contains(r.target) || composer?.contains(r.target))) return;
    // Fast path: the host started showing another conversation. Blank the sidebar now,
    // in this frame, and read the details once the host's render has settled.
    const next = fingerprint();
    if (next === quick) {
      // Nothing that names the conversation moved: new messages, or the rest of a switch
      // still rendering. One read per settle period covers both.
      scheduleSettled();
      return;
    }
    quick = next;
    const pending: Reading = { kind: 'pending', reason: 'the host is switching conversations' };
    const key = readingKey(pending);
    if (key !== lastKey) {
      lastKey = key;
      onReading(pending);
    }
    schedule();
  });
  const same = (a: Element[], b: Element[]) =>
    a.length === b.length && a.every((r, i) => r === b[i] && r.isConnected);
  /** Observes the adapter's current roots; false when they were already observed. */
  const attach = (): boolean => {
    const next = adapter.observedRoots();
    const nextShallow = adapter.shallowRoots?.() ?? [];
    if (same(next, roots) && same(nextShallow, shallow)) return false;
    observer.disconnect();
    roots = next;
    shallow = nextShallow;
    for (const el of shallow) observer.observe(el, { childList: true });
    for (const root of roots) {
      observer.observe(root, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        // Only what signals a switch: selection markers, links, ids.
        attributeFilter: ['class', 'aria-selected', 'href', 'anim-data-id', 'data-qid'],
      });
    }
    return true;
  };

  attach();
  schedule();
  // Slow path: re-read on a timer, whatever the observer saw (or missed). A full read of a
  // long thread costs more than the rest of a quiet second put together, so while the open
  // conversation is healthy and nothing moved (same roots, same fingerprint, no mutation
  // pending) it reads in full only every `fullEvery` ticks; anything else reads now.
  const timer = setInterval(() => {
    const reattached = attach();
    quietTicks += 1;
    const idle = frame === 0 && timeout === undefined;
    if (settled && idle && !reattached && quietTicks < fullEvery && fingerprint() === quick) return;
    emit();
  }, recheckMs);
  const onLocation = () => schedule();
  addEventListener('popstate', onLocation);
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearInterval(timer);
    if (frame) cancelAnimationFrame(frame);
    if (timeout !== undefined) clearTimeout(timeout);
    removeEventListener('popstate', onLocation);
  });
}
