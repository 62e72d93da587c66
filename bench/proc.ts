// CPU time of every Chromium process of one profile, from Linux /proc (elsewhere: nothing),
// and the scheduler's view of the tab's main thread: time on a core and time waiting for
// one. On a busy 2-core machine the waiting is what separates wall time from work.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcSample {
  /** CPU seconds (user + system) per pid. */
  cpu: Map<number, number>;
  /** Process kind per pid: browser, renderer, extension, gpu-process, utility, … */
  kind: Map<number, string>;
  /** Main-thread [on-CPU s, runqueue-wait s] per renderer pid (its main thread's tid is its pid). */
  main: Map<number, [number, number]>;
}

const TICK = 100; // USER_HZ on Linux

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function sampleChromium(userDataDir: string): ProcSample {
  const sample: ProcSample = { cpu: new Map(), kind: new Map(), main: new Map() };
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
  } catch {
    return sample;
  }
  const info = new Map<number, { ppid: number; cmd: string; cpu: number }>();
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    const cmd = read(`/proc/${pid}/cmdline`);
    if (!stat || cmd === undefined) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    info.set(pid, {
      ppid: Number(f[1]),
      cmd: cmd.replaceAll('\0', ' '),
      cpu: (Number(f[11]) + Number(f[12])) / TICK,
    });
  }
  const root = [...info].find(
    ([, i]) => i.cmd.includes(`--user-data-dir=${userDataDir}`) && !i.cmd.includes('--type='),
  )?.[0];
  if (root === undefined) return sample;
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, i] of info) {
      if (!tree.has(pid) && tree.has(i.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  for (const pid of tree) {
    const i = info.get(pid);
    if (!i) continue;
    const type = i.cmd.match(/--type=(\S+)/)?.[1] ?? 'browser';
    const kind = i.cmd.includes('--extension-process') ? 'extension' : type;
    sample.cpu.set(pid, i.cpu);
    sample.kind.set(pid, kind);
    if (type === 'renderer') {
      const sched = read(`/proc/${pid}/task/${pid}/schedstat`)?.split(' ').map(Number);
      if (sched && sched.length >= 2)
        sample.main.set(pid, [(sched[0] ?? 0) / 1e9, (sched[1] ?? 0) / 1e9]);
    }
  }
  return sample;
}

export interface ProcDelta {
  /** The tab's main thread: seconds on a core, seconds runnable but waiting for one. */
  tabMainRunS: number;
  tabMainWaitS: number;
  /** CPU seconds per process kind over the interval (the tab's renderer as `renderer`). */
  byKind: Record<string, number>;
}

export function procDelta(
  before: ProcSample,
  after: ProcSample,
  tabPid: number | undefined,
): ProcDelta {
  const byKind: Record<string, number> = {};
  for (const [pid, cpu] of after.cpu) {
    const kind = after.kind.get(pid) ?? 'other';
    byKind[kind] = (byKind[kind] ?? 0) + cpu - (before.cpu.get(pid) ?? 0);
  }
  const a = tabPid === undefined ? undefined : after.main.get(tabPid);
  const b = tabPid === undefined ? undefined : before.main.get(tabPid);
  return {
    tabMainRunS: a && b ? a[0] - b[0] : Number.NaN,
    tabMainWaitS: a && b ? a[1] - b[1] : Number.NaN,
    byKind,
  };
}
