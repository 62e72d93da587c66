// The watcher's promises: a switch blanks the sidebar at once and is read on the next
// frame; a burst of new messages gives one updated snapshot within 100 ms, not one per
// message; the same state is never emitted twice; nothing runs after teardown.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformAdapter, Reading } from '@/content-scripts/adapter';
import { watchConversation } from '@/content-scripts/conversation-watcher';
import { metaPack } from '@/content-scripts/meta/pack';
import type { Health } from '@/core/snapshot';

function fakeAdapter(root: HTMLElement): PlatformAdapter {
  const name = () => root.querySelector('#name')?.textContent ?? '';
  const id = () => root.querySelector('#name')?.getAttribute('data-id') ?? '';
  return {
    site: 'zalo',
    observedRoots: () => [root],
    composer: () => null,
    pack: () => metaPack,
    driftRoot: () => root,
    quickKey: () => `${id()}|${name()}`,
    read: (now): Reading => ({
      kind: 'snapshot',
      snapshot: {
        platform: 'zalo',
        accountId: 'a',
        externalId: id(),
        idSource: 'test',
        idConfidence: 'strong',
        displayName: name(),
        isGroup: false,
        messages: [...root.querySelectorAll('#list li')].map((li) => ({
          direction: 'in' as const,
          text: li.textContent ?? '',
        })),
        health: { verdict: 'ok' },
        capturedAt: now,
      },
    }),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let root: HTMLElement;
let controller: AbortController;
let readings: { at: number; reading: Reading }[];

beforeEach(async () => {
  document.body.innerHTML =
    '<main><h1 id="name" data-id="1">Lan</h1><ul id="list"><li>hi</li></ul></main>';
  root = document.querySelector('main') as HTMLElement;
  controller = new AbortController();
  readings = [];
  watchConversation(
    fakeAdapter(root),
    (reading) => readings.push({ at: performance.now(), reading }),
    controller.signal,
    {
      recheckMs: 60_000,
    },
  );
  await wait(40);
});
afterEach(() => controller.abort());

const names = () =>
  readings.map(({ reading: r }) =>
    r.kind === 'snapshot' ? `${r.snapshot.displayName}:${r.snapshot.messages.length}` : r.kind,
  );

describe('watchConversation', () => {
  it('reads the open conversation once at start', () => {
    expect(names()).toEqual(['Lan:1']);
  });

  it('blanks at once on a switch, then reads the new conversation on the next frame', async () => {
    const h1 = root.querySelector('#name') as HTMLElement;
    h1.textContent = 'Hà';
    h1.dataset.id = '2';
    await Promise.resolve(); // the observer's microtask
    expect(names().at(-1)).toBe('pending');
    await wait(40);
    expect(names()).toEqual(['Lan:1', 'pending', 'Hà:1']);
  });

  it('turns a burst of 30 new messages into one or two snapshots, not thirty', async () => {
    const list = root.querySelector('#list') as HTMLElement;
    for (let i = 0; i < 30; i++) {
      list.append(Object.assign(document.createElement('li'), { textContent: `m${i}` }));
      await wait(1);
    }
    await wait(150);
    const updates = readings.slice(1);
    expect(updates.length).toBeLessThanOrEqual(2);
    expect(names().at(-1)).toBe('Lan:31');
  });

  it('never emits the same state twice', async () => {
    const h1 = root.querySelector('#name') as HTMLElement;
    h1.setAttribute('class', 'x');
    h1.setAttribute('class', 'y');
    await wait(150);
    expect(names()).toEqual(['Lan:1']);
  });

  it('stops observing when torn down', async () => {
    controller.abort();
    (root.querySelector('#name') as HTMLElement).textContent = 'Khoa';
    await wait(150);
    expect(names()).toEqual(['Lan:1']);
  });
});

describe('watchConversation with a narrow root', () => {
  it('ignores the rest of the app, and sees the root replaced through its watched ancestors', async () => {
    controller.abort(); // the suite's default watcher
    document.body.innerHTML =
      '<div id="app"><aside id="rows"><p>row</p></aside>' +
      '<main id="chat"><h1 id="name" data-id="1">Lan</h1><ul id="list"><li>hi</li></ul></main></div>';
    const app = document.querySelector('#app') as HTMLElement;
    const chat = () => document.querySelector('#chat') as HTMLElement;
    const adapter = {
      ...fakeAdapter(chat()),
      observedRoots: () => [chat()],
      shallowRoots: () => [app],
    };
    // The fake reads through `root`; keep it pointed at the live column.
    adapter.quickKey = () => {
      const h = document.querySelector('#name');
      return `${h?.getAttribute('data-id') ?? ''}|${h?.textContent ?? ''}`;
    };
    adapter.read = (now) => fakeAdapter(chat()).read(now);
    readings = [];
    controller = new AbortController();
    watchConversation(
      adapter,
      (r) => readings.push({ at: performance.now(), reading: r }),
      controller.signal,
      {
        recheckMs: 60_000,
      },
    );
    await wait(40);
    expect(names()).toEqual(['Lan:1']);

    // The conversation list re-renders: nothing to read.
    (document.querySelector('#rows') as HTMLElement).innerHTML = '<p>row 2</p><p>row 1</p>';
    await wait(150);
    expect(names()).toEqual(['Lan:1']);

    // The whole column is replaced by another conversation's: seen at once.
    const next = document.createElement('main');
    next.id = 'chat';
    next.innerHTML = '<h1 id="name" data-id="2">Hà</h1><ul id="list"><li>a</li><li>b</li></ul>';
    chat().replaceWith(next);
    await Promise.resolve();
    expect(names().at(-1)).toBe('pending');
    await wait(40);
    expect(names()).toEqual(['Lan:1', 'pending', 'Hà:2']);
  });
});

describe('watchConversation slow path', () => {
  /**
   * A watcher ticking every 20 ms over the suite's page, counting full reads and ticks
   * (every tick asks the adapter for its roots once), so the assertions hold however
   * slowly the timers run on a loaded machine.
   */
  function counted(health: 'ok' | 'degraded', extra = () => '') {
    controller.abort(); // the suite's default watcher
    const base = fakeAdapter(root);
    const counter = { reads: 0, ticks: -1 };
    const adapter: PlatformAdapter = {
      ...base,
      observedRoots: () => {
        counter.ticks += 1;
        return base.observedRoots();
      },
      read: (now) => {
        counter.reads += 1;
        const r = base.read(now);
        if (r.kind !== 'snapshot') return r;
        const displayName = r.snapshot.displayName + extra();
        const verdict: Health =
          health === 'ok'
            ? { verdict: 'ok' }
            : { verdict: 'degraded', missing: ['messageList'], lost: 'message times' };
        return { kind: 'snapshot', snapshot: { ...r.snapshot, displayName, health: verdict } };
      },
    };
    readings = [];
    controller = new AbortController();
    watchConversation(
      adapter,
      (r) => readings.push({ at: performance.now(), reading: r }),
      controller.signal,
      { recheckMs: 20, fullEvery: 5 },
    );
    return counter;
  }
  const ticks = async (counter: { ticks: number }, n: number) => {
    const until = counter.ticks + n;
    while (counter.ticks < until) await wait(10);
  };

  it('does not re-read a quiet, healthy conversation in full every tick', async () => {
    const counter = counted('ok');
    await ticks(counter, 20);
    // One read at start, then one per five quiet ticks.
    expect(counter.reads).toBeGreaterThanOrEqual(1 + 3);
    expect(counter.reads).toBeLessThanOrEqual(1 + 4 + 1);
    expect(names()).toEqual(['Lan:1']);
  });

  it('still catches, within five ticks, a change the observer and fingerprint cannot see', async () => {
    let suffix = '';
    const counter = counted('ok', () => suffix);
    await ticks(counter, 2);
    suffix = ' (đã đổi)';
    await ticks(counter, 5);
    expect(names()).toEqual(['Lan:1', 'Lan (đã đổi):1']);
  });

  it('keeps re-reading every tick while the reading is not healthy', async () => {
    const counter = counted('degraded');
    await ticks(counter, 10);
    expect(counter.reads).toBeGreaterThanOrEqual(1 + 10);
  });
});
