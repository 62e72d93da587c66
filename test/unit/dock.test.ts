// The dock's pure pieces (clamping, stored-layout parsing, the chord) and what it does to
// the host page: one style element of ours, narrowing only the pack's app root.
import { afterEach, describe, expect, it } from 'vitest';
import { type LayoutStore, startDock } from '@/content-scripts/dock';
import { metaPack } from '@/content-scripts/meta/pack';
import { zaloPack } from '@/content-scripts/zalo/pack';
import {
  clampWidth,
  DEFAULT_WIDTH,
  type DockLayout,
  defaultWidth,
  isToggleChord,
  MAX_WIDTH,
  MIN_WIDTH,
  parseLayout,
  RAIL_WIDTH,
  reservedWidth,
  widthAfterDrag,
  widthAfterKey,
} from '@/core/dock-layout';

describe('dock layout', () => {
  it('clamps widths and refuses what is not a number', () => {
    expect(clampWidth(100)).toBe(MIN_WIDTH);
    expect(clampWidth(10_000)).toBe(MAX_WIDTH);
    expect(clampWidth(333.6)).toBe(334);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '300', null, undefined, {}]) {
      expect(clampWidth(bad)).toBe(DEFAULT_WIDTH);
    }
    expect(clampWidth('x', 270)).toBe(270);
  });

  it('starts narrow on small screens and at the default on wide ones', () => {
    expect(defaultWidth(1280)).toBe(MIN_WIDTH);
    expect(defaultWidth(1920)).toBe(DEFAULT_WIDTH);
    expect(defaultWidth(undefined)).toBe(DEFAULT_WIDTH);
  });

  it('parses a stored layout, bad input giving the defaults', () => {
    expect(parseLayout({ width: 400, collapsed: true })).toEqual({ width: 400, collapsed: true });
    expect(parseLayout({ width: 9999, collapsed: false })).toEqual({
      width: MAX_WIDTH,
      collapsed: false,
    });
    for (const bad of [undefined, null, 42, 'wide', [], [300, true]]) {
      expect(parseLayout(bad)).toEqual({ width: DEFAULT_WIDTH, collapsed: false });
      expect(parseLayout(bad, 1280)).toEqual({ width: MIN_WIDTH, collapsed: false });
    }
    expect(parseLayout({ width: '400', collapsed: 'yes' }, 1920)).toEqual({
      width: DEFAULT_WIDTH,
      collapsed: false,
    });
    expect(parseLayout({ collapsed: true }, 1280)).toEqual({ width: MIN_WIDTH, collapsed: true });
  });

  it('reserves the rail when collapsed, the width otherwise', () => {
    expect(reservedWidth({ width: 300, collapsed: false })).toBe(300);
    expect(reservedWidth({ width: 300, collapsed: true })).toBe(RAIL_WIDTH);
  });

  it('resizes by key and by drag from the left edge, clamped', () => {
    expect(widthAfterKey(300, 'ArrowLeft')).toBe(316);
    expect(widthAfterKey(300, 'ArrowRight')).toBe(284);
    expect(widthAfterKey(MAX_WIDTH, 'ArrowLeft')).toBe(MAX_WIDTH);
    expect(widthAfterKey(300, 'Home')).toBe(MIN_WIDTH);
    expect(widthAfterKey(300, 'End')).toBe(MAX_WIDTH);
    expect(widthAfterKey(300, 'a')).toBeNull();
    expect(widthAfterDrag(300, 1000, 900)).toBe(400);
    expect(widthAfterDrag(300, 1000, 1200)).toBe(MIN_WIDTH);
  });

  it('takes only Alt+Shift+K, never while an IME composes', () => {
    const k = { code: 'KeyK', altKey: true, shiftKey: true, ctrlKey: false, metaKey: false };
    expect(isToggleChord(k)).toBe(true);
    expect(isToggleChord({ ...k, shiftKey: false })).toBe(false);
    expect(isToggleChord({ ...k, ctrlKey: true })).toBe(false);
    expect(isToggleChord({ ...k, metaKey: true })).toBe(false);
    expect(isToggleChord({ ...k, code: 'KeyJ' })).toBe(false);
    expect(isToggleChord({ ...k, isComposing: true })).toBe(false);
    expect(isToggleChord({ ...k, keyCode: 229 })).toBe(false);
    expect(isToggleChord({ ...k, repeat: true })).toBe(false);
  });
});

describe('startDock', () => {
  const stops: AbortController[] = [];
  afterEach(() => {
    for (const s of stops.splice(0)) s.abort();
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  });

  const memoryStore = (initial?: unknown) => {
    const saved: DockLayout[] = [];
    const store: LayoutStore = {
      load: async () => initial,
      save: async (l) => {
        saved.push(l);
      },
    };
    return { store, saved };
  };
  const ourStyles = () =>
    [...document.querySelectorAll('style')].filter((s) => s.textContent?.includes('!important'));

  it('narrows only the app root, by the sidebar or the rail, and gives the room back', async () => {
    document.body.innerHTML = '<div id="app"><div id="container"></div></div>';
    const before = document.getElementById('app')?.outerHTML;
    const stop = new AbortController();
    stops.push(stop);
    const { store, saved } = memoryStore({ width: 300, collapsed: false });
    const dock = await startDock({
      site: 'zalo',
      pack: () => zaloPack,
      signal: stop.signal,
      store,
    });
    expect(dock.get()).toMatchObject({ mode: 'docked', layout: { width: 300, collapsed: false } });
    expect(ourStyles()).toHaveLength(1);
    expect(ourStyles()[0]?.textContent).toBe(
      '#app{width:calc(100% - 300px)!important;max-width:calc(100% - 300px)!important}',
    );
    dock.toggle();
    expect(ourStyles()[0]?.textContent).toContain(`calc(100% - ${RAIL_WIDTH}px)`);
    expect(saved.at(-1)).toEqual({ width: 300, collapsed: true });
    // Host nodes are never edited: no attribute, no inline style.
    expect(document.getElementById('app')?.outerHTML).toBe(before);
    stop.abort();
    expect(ourStyles()).toHaveLength(0);
  });

  it('floats when the root is missing, and uses the bundled anchor when a served pack lacks it', async () => {
    document.body.innerHTML = '<div id="mount_0_0_ab"></div>';
    const stop = new AbortController();
    stops.push(stop);
    const { dockRoot: _, ...anchors } = metaPack.anchors;
    const served = { ...metaPack, anchors };
    const dock = await startDock({
      site: 'meta',
      pack: () => served,
      signal: stop.signal,
      store: memoryStore().store,
    });
    expect(dock.get().mode).toBe('docked');
    expect(ourStyles()[0]?.textContent).toContain('body > [id^="mount_0_0_"]{');

    document.body.innerHTML = '<main></main>';
    const bare = new AbortController();
    stops.push(bare);
    stop.abort();
    const floating = await startDock({
      site: 'zalo',
      pack: () => zaloPack,
      signal: bare.signal,
      store: memoryStore('garbage').store,
    });
    expect(floating.get()).toMatchObject({ mode: 'floating', reason: 'dockRoot' });
    expect(ourStyles()).toHaveLength(0);
  });

  it('never narrows a page left while the layout was being read', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const stop = new AbortController();
    let release: (v: unknown) => void = () => {};
    const store: LayoutStore = {
      load: () => new Promise((r) => (release = r)),
      save: async () => {},
    };
    const started = startDock({ site: 'zalo', pack: () => zaloPack, signal: stop.signal, store });
    stop.abort();
    release({ width: 300, collapsed: false });
    await started;
    expect(ourStyles()).toHaveLength(0);
  });

  it('toggles on Alt+Shift+K only, and stops listening when the page is left', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const stop = new AbortController();
    stops.push(stop);
    const dock = await startDock({
      site: 'zalo',
      pack: () => zaloPack,
      signal: stop.signal,
      store: memoryStore().store,
    });
    const press = (init: KeyboardEventInit) =>
      document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
    press({ code: 'KeyK', altKey: true, shiftKey: true });
    expect(dock.get().layout.collapsed).toBe(true);
    press({ code: 'KeyK', altKey: true });
    press({ code: 'KeyK', altKey: true, shiftKey: true, isComposing: true });
    expect(dock.get().layout.collapsed).toBe(true);
    stop.abort();
    press({ code: 'KeyK', altKey: true, shiftKey: true });
    expect(dock.get().layout.collapsed).toBe(true);
  });
});
