// Chromium trace of the inbox tab's main thread: wall and thread-CPU time of its tasks,
// and where that CPU time went (our content script, the host's scripts, style and layout,
// paint, HTML parsing, GC). Wall time on a busy 2-core machine includes the time the
// thread waited for a core; thread CPU time (`tdur`) is the work the thread did.
import type { CDPSession } from 'playwright-core';

/** Top-level tasks with thread time (toplevel), what runs inside them (devtools.timeline). */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8'];

/** What the analysis keeps of a trace event (the raw events are large). */
export interface SlimEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** µs */
  ts: number;
  /** Wall µs (complete events). */
  dur?: number;
  /** Thread-CPU µs (complete events). */
  tdur?: number;
  /** Thread-CPU clock at `ts` (begin/end events). */
  tts?: number;
  /** Script URL of a JS event. */
  url?: string;
  /** Mojo interface of a received IPC message. */
  mojo?: string;
  /** Thread name (thread_name metadata events). */
  threadName?: string;
}

interface RawEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  tts?: number;
  args?: {
    name?: string;
    data?: { url?: string };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
  };
}

export function slim(e: RawEvent): SlimEvent | undefined {
  if (e.ph === 'M') {
    return e.name === 'thread_name'
      ? { name: e.name, ph: e.ph, pid: e.pid, tid: e.tid, ts: 0, threadName: e.args?.name ?? '' }
      : undefined;
  }
  if (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E') return undefined;
  const out: SlimEvent = { name: e.name, ph: e.ph, pid: e.pid, tid: e.tid, ts: e.ts };
  if (e.dur !== undefined) out.dur = e.dur;
  if (e.tdur !== undefined) out.tdur = e.tdur;
  if (e.tts !== undefined) out.tts = e.tts;
  const url = e.args?.data?.url;
  if (url) out.url = url;
  const mojo = e.args?.chrome_mojo_event_info?.mojo_interface_tag;
  if (mojo) out.mojo = mojo;
  return out;
}

/** Starts a trace on the page's session; the returned function stops it and hands back the events. */
export async function startTrace(cdp: CDPSession): Promise<() => Promise<SlimEvent[]>> {
  const events: SlimEvent[] = [];
  // Playwright types trace events as string maps; they are the objects described above.
  const onData = (e: { value: unknown[] }) => {
    for (const raw of e.value) {
      const s = slim(raw as RawEvent);
      if (s) events.push(s);
    }
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] },
  });
  return async () => {
    const done = new Promise<void>((resolve) =>
      cdp.once('Tracing.tracingComplete', () => resolve()),
    );
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

/** The main thread of the renderer that runs the page's own scripts (served from `origin`). */
export function pageMainThread(
  events: SlimEvent[],
  origin: string,
): { pid: number; tid: number } | undefined {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.threadName === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const hit = events.find(
    (e) => e.url?.startsWith(origin) && mains.has(`${e.pid}:${e.tid}`) && e.name !== 'ParseHTML',
  );
  return hit ? { pid: hit.pid, tid: hit.tid } : undefined;
}

export const CATEGORIES = [
  'ours',
  'hostScript',
  'styleLayout',
  'paint',
  'parse',
  'gc',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Attribution {
  /** Top-level tasks on the thread. */
  tasks: number;
  /** Sum of the top-level tasks' wall durations, s. */
  wallS: number;
  /** Sum of the top-level tasks' thread-CPU durations, s. */
  cpuS: number;
  /** Thread-CPU seconds by category (they add up to `cpuS`). */
  cpu: Record<Category, number>;
  /** Style recalculation and layout forced from inside our own code (part of `ours`), s. */
  oursForcedStyleLayoutS: number;
  /**
   * How much the host did, by event count: the same scenario should give the same counts
   * with and without us. Equal counts with unequal CPU time mean the machine ran slower.
   */
  hostWork: Record<HostWork, number>;
}

export const HOST_WORK = ['layouts', 'styleRecalcs', 'paints', 'htmlParses', 'hostCalls'] as const;
export type HostWork = (typeof HOST_WORK)[number];

const HOST_WORK_EVENT: Record<string, HostWork> = {
  Layout: 'layouts',
  UpdateLayoutTree: 'styleRecalcs',
  Paint: 'paints',
  ParseHTML: 'htmlParses',
};

const STYLE_LAYOUT = new Set([
  'UpdateLayoutTree',
  'RecalculateStyles',
  'Layout',
  'IntersectionObserverController::computeIntersections',
]);
const PAINT = new Set([
  'PrePaint',
  'Paint',
  'PaintImage',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'UpdateLayerTree',
  'CompositeLayers',
  'ScrollLayer',
  'Decode Image',
  'Draw LazyPixelRef',
]);
const PARSE = new Set(['ParseHTML', 'ParseAuthorStyleSheet']);
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EventDispatch',
  'v8.callFunction',
  'v8.compile',
  'v8.compileModule',
  'v8.run',
  'v8.evaluateModule',
  'V8.Execute',
  'RunMicrotasks',
  'BlinkScheduler_PerformMicrotaskCheckpoint',
  'XHRReadyStateChange',
  'XHRLoad',
]);

function categoryOf(e: SlimEvent): Category | undefined {
  if (STYLE_LAYOUT.has(e.name)) return 'styleLayout';
  if (PAINT.has(e.name)) return 'paint';
  if (PARSE.has(e.name)) return 'parse';
  if (e.name === 'MinorGC' || e.name === 'MajorGC' || e.name.startsWith('V8.GC')) return 'gc';
  if (e.name.startsWith('BlinkGC') || e.name.startsWith('CppGC')) return 'gc';
  if (SCRIPT.has(e.name)) return 'hostScript';
  return undefined;
}

/** Our content script's JS, and the extension's messages arriving at the tab. */
function isOurs(e: SlimEvent, extensionPrefix: string): boolean {
  if (e.url?.startsWith(extensionPrefix)) return true;
  return e.name === 'Receive mojo message' && (e.mojo?.startsWith('extensions.') ?? false);
}

interface Span {
  end: number;
  self: number;
  category: Category;
  ours: boolean;
  /** Style or layout run from inside our code. */
  forced: boolean;
}

/**
 * Thread-CPU self time of every event on one thread, by category. A category comes from the
 * event's name or, for an event that names none (a wrapper, an IPC), from its parent.
 * Everything inside our own JS or our extension's IPC counts as ours, including style or
 * layout it forces (also reported on its own) and GC that happens to run inside it.
 */
export function attribute(
  events: SlimEvent[],
  thread: { pid: number; tid: number },
  extensionPrefix = 'chrome-extension://',
): Attribution {
  const mine = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph !== 'M')
    .sort((a, b) => a.ts - b.ts);
  // Begin/end pairs become complete events.
  const complete: SlimEvent[] = [];
  const open: SlimEvent[] = [];
  for (const e of mine) {
    if (e.ph === 'X') complete.push(e);
    else if (e.ph === 'B') open.push(e);
    else {
      const b = open.pop();
      if (b)
        complete.push({
          ...b,
          ph: 'X',
          dur: e.ts - b.ts,
          tdur: (e.tts ?? 0) - (b.tts ?? 0),
          ...(b.url || e.url ? { url: b.url ?? e.url } : {}),
        });
    }
  }
  // Parents first when two events start together.
  complete.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  const cpu = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  let forced = 0;
  let tasks = 0;
  let wall = 0;
  let total = 0;
  const hostWork = Object.fromEntries(HOST_WORK.map((w) => [w, 0])) as Record<HostWork, number>;
  const stack: Span[] = [];
  const close = (span: Span) => {
    const self = Math.max(0, span.self);
    cpu[span.category] += self;
    if (span.forced) forced += self;
  };
  for (const e of complete) {
    while (stack.length > 0 && (stack.at(-1) as Span).end <= e.ts) close(stack.pop() as Span);
    const parent = stack.at(-1);
    const eCpu = e.tdur ?? 0;
    let end = e.ts + (e.dur ?? 0);
    if (parent) {
      // Clock granularity can make a child end just after its parent.
      end = Math.min(end, parent.end);
      parent.self -= eCpu;
    } else {
      tasks += 1;
      wall += e.dur ?? 0;
      total += eCpu;
    }
    const ours = (parent?.ours ?? false) || isOurs(e, extensionPrefix);
    const work = HOST_WORK_EVENT[e.name];
    if (work && !ours) hostWork[work] += 1;
    if (e.name === 'FunctionCall' && !ours && e.url) hostWork.hostCalls += 1;
    const own = categoryOf(e);
    stack.push({
      end,
      self: eCpu,
      category: ours ? 'ours' : (own ?? parent?.category ?? 'other'),
      ours,
      forced: ours && (own === 'styleLayout' || (parent?.forced ?? false)),
    });
  }
  while (stack.length > 0) close(stack.pop() as Span);
  const s = (us: number) => us / 1e6;
  return {
    tasks,
    wallS: s(wall),
    cpuS: s(total),
    cpu: Object.fromEntries(CATEGORIES.map((c) => [c, s(cpu[c])])) as Record<Category, number>,
    oursForcedStyleLayoutS: s(forced),
    hostWork,
  };
}
