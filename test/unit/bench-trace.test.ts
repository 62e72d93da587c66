// The benchmark's trace attribution: self CPU time by category, everything inside our code
// counted as ours (forced layout reported on its own), top-level tasks summed once.
import { describe, expect, it } from 'vitest';
import { attribute, pageMainThread, type SlimEvent } from '@/bench/trace';

const x = (
  name: string,
  ts: number,
  dur: number,
  tdur: number,
  extra: Partial<SlimEvent> = {},
): SlimEvent => ({ name, ph: 'X', pid: 1, tid: 1, ts, dur, tdur, ...extra });

const events: SlimEvent[] = [
  { name: 'thread_name', ph: 'M', pid: 1, tid: 1, ts: 0, threadName: 'CrRendererMain' },
  { name: 'thread_name', ph: 'M', pid: 2, tid: 2, ts: 0, threadName: 'CrRendererMain' },
  // A host timer whose microtasks deliver our mutation observer, which forces a layout.
  x('ThreadControllerImpl::RunTask', 0, 100, 80),
  x('TimerFire', 10, 50, 40),
  x('FunctionCall', 10, 40, 30, { url: 'https://business.facebook.com/app.js' }),
  x('v8.callFunction', 20, 20, 15),
  x('FunctionCall', 20, 15, 12, { url: 'chrome-extension://abc/content-scripts/meta.js' }),
  x('Layout', 25, 5, 4),
  x('Layout', 70, 20, 18),
  // The answer to our message arriving at the tab.
  x('ThreadControllerImpl::RunTask', 200, 30, 10),
  x('Receive mojo message', 200, 30, 10, { mojo: 'extensions.mojom.MessagePort' }),
  x('v8.callFunction', 205, 10, 8),
  // Another process's main thread: not counted.
  { ...x('ThreadControllerImpl::RunTask', 0, 500, 500), pid: 2, tid: 2 },
];

describe('trace attribution', () => {
  it('finds the main thread that runs the page’s scripts', () => {
    expect(pageMainThread(events, 'https://business.facebook.com')).toEqual({ pid: 1, tid: 1 });
    expect(pageMainThread(events, 'https://chat.zalo.me')).toBeUndefined();
  });

  it('splits thread CPU by category and counts top-level tasks once', () => {
    const a = attribute(events, { pid: 1, tid: 1 });
    expect(a.tasks).toBe(2);
    expect(a.wallS * 1e6).toBeCloseTo(130);
    expect(a.cpuS * 1e6).toBeCloseTo(90);
    const us = Object.fromEntries(Object.entries(a.cpu).map(([k, v]) => [k, Math.round(v * 1e6)]));
    expect(us).toEqual({
      ours: 22, // our callback 8 + the layout it forced 4 + our message 2 + 8
      hostScript: 28, // timer 10 + host function 15 + the microtask wrapper 3
      styleLayout: 18,
      paint: 0,
      parse: 0,
      gc: 0,
      other: 22,
    });
    expect(Math.round(a.oursForcedStyleLayoutS * 1e6)).toBe(4);
    // The layout our code forced is ours, not the host's.
    expect(a.hostWork).toEqual({
      layouts: 1,
      styleRecalcs: 0,
      paints: 0,
      htmlParses: 0,
      hostCalls: 1,
    });
    const sum = Object.values(a.cpu).reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(a.cpuS);
  });

  it('pairs begin and end events', () => {
    const a = attribute(
      [
        { name: 'ThreadControllerImpl::RunTask', ph: 'B', pid: 1, tid: 1, ts: 0, tts: 100 },
        { name: 'ParseHTML', ph: 'B', pid: 1, tid: 1, ts: 1, tts: 101 },
        { name: 'ParseHTML', ph: 'E', pid: 1, tid: 1, ts: 5, tts: 104 },
        { name: 'ThreadControllerImpl::RunTask', ph: 'E', pid: 1, tid: 1, ts: 10, tts: 108 },
      ],
      { pid: 1, tid: 1 },
    );
    expect(Math.round(a.cpu.parse * 1e6)).toBe(3);
    expect(Math.round(a.cpuS * 1e6)).toBe(8);
  });
});
