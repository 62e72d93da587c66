// Makes room for the sidebar at the right of the host page instead of covering it: one
// <style> element we own narrows the host's app root (named by the site's selector pack,
// anchor `dockRoot`) by the sidebar's width. No host node is edited. When the root is
// missing, or the host refuses to narrow, the sidebar floats over the page and says so.
// The layout (width, collapsed) is remembered in browser.storage.local.
import { browser } from 'wxt/browser';
import { META_DOCK_ROOT } from '@/content-scripts/meta/pack';
import { ZALO_DOCK_ROOT } from '@/content-scripts/zalo/pack';
import {
  clampWidth,
  type Dock,
  type DockLayout,
  type DockState,
  isToggleChord,
  LAYOUT_KEY,
  parseLayout,
  reservedWidth,
} from '@/core/dock-layout';
import type { SelectorPack } from '@/core/selector-pack';

/** Where the layout is kept; browser.storage.local in the extension. */
export interface LayoutStore {
  load(): Promise<unknown>;
  save(layout: DockLayout): Promise<void>;
  /** Calls back when another tab of the same profile changed the layout. */
  watch?(listener: (value: unknown) => void): () => void;
}

export const extensionLayoutStore: LayoutStore = {
  async load() {
    const got = await browser.storage.local.get(LAYOUT_KEY);
    return got[LAYOUT_KEY];
  },
  async save(layout) {
    await browser.storage.local.set({ [LAYOUT_KEY]: layout });
  },
  watch(listener) {
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[LAYOUT_KEY]) listener(changes[LAYOUT_KEY].newValue);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  },
};

// Only the dock's own anchor, not the whole packs: each content script carries one pack.
const BUNDLED_ROOT = { meta: META_DOCK_ROOT, zalo: ZALO_DOCK_ROOT };

export interface DockOptions {
  site: 'meta' | 'zalo';
  /** The pack in use; a served pack without `dockRoot` falls back to the bundled one. */
  pack: () => SelectorPack;
  signal: AbortSignal;
  store?: LayoutStore;
  doc?: Document;
}

export async function startDock(options: DockOptions): Promise<Dock> {
  const doc = options.doc ?? document;
  const win = doc.defaultView ?? window;
  const store = options.store ?? extensionLayoutStore;
  const viewport = () => doc.documentElement.clientWidth;
  let layout = parseLayout(await store.load().catch(() => undefined), viewport());
  let state: DockState = { layout, mode: 'floating', reason: 'dockRoot' };
  const listeners = new Set<(s: DockState) => void>();
  const publish = (next: DockState) => {
    if (
      next.mode === state.mode &&
      next.reason === state.reason &&
      next.layout.width === state.layout.width &&
      next.layout.collapsed === state.layout.collapsed
    )
      return;
    state = next;
    for (const l of listeners) l(state);
  };

  // The one element we add to the host page: the host can read a width, nothing else.
  const style = doc.createElement('style');
  let root: Element | null = null;
  let rootCss = '';
  let applied = -1;
  const observer = new ResizeObserver(() => verify());

  const selectors = (): string[] => {
    const anchors = options.pack().anchors.dockRoot ?? BUNDLED_ROOT[options.site];
    return anchors.map((s) => s.css);
  };
  /** The first selector that names exactly one element: the rule then narrows only it. */
  const findRoot = (): { el: Element; css: string } | null => {
    for (const css of selectors()) {
      try {
        const found = doc.querySelectorAll(css);
        if (found.length === 1) return { el: found[0] as Element, css };
      } catch {
        // A served selector the browser cannot parse: try the next one.
      }
    }
    return null;
  };

  const attach = () => {
    const found = findRoot();
    if (found?.el === root && found?.css === rootCss) return;
    if (root) observer.unobserve(root);
    root = found?.el ?? null;
    rootCss = found?.css ?? '';
    applied = -1;
    if (root) observer.observe(root);
    apply();
  };

  /** Writes the rule for the current layout; the host's own layout does the rest. */
  const apply = () => {
    if (!root) {
      style.remove();
      applied = -1;
      publish({ layout, mode: 'floating', reason: 'dockRoot' });
      return;
    }
    const px = reservedWidth(layout);
    if (px !== applied) {
      style.textContent = `${rootCss}{width:calc(100% - ${px}px)!important;max-width:calc(100% - ${px}px)!important}`;
      applied = px;
      // Hosts that measure on window resize (virtual lists, fixed popovers) lay out again.
      scheduleResizeEvent();
    }
    if (!style.isConnected) (doc.head ?? doc.documentElement).append(style);
    verify();
  };

  /** Did the host really make room? If it refuses (min-width, its own !important), float. */
  const verify = () => {
    if (!root) return;
    if (!root.isConnected) {
      attach(); // The app re-mounted its root: find the new one.
      return;
    }
    // A host that rewrote <head> took our rule with it (the root widened: that is why we
    // are here): put it back.
    if (!style.isConnected) (doc.head ?? doc.documentElement).append(style);
    const box = root.getBoundingClientRect();
    const room = viewport() - reservedWidth(layout);
    // A root without a box (hidden, or not laid out yet) covers nothing we could cover.
    const fits = (box.width === 0 && box.height === 0) || box.right <= room + 1;
    publish(
      fits ? { layout, mode: 'docked' } : { layout, mode: 'floating', reason: 'narrow-refused' },
    );
  };

  let resizeFrame = 0;
  const scheduleResizeEvent = () => {
    if (resizeFrame) return;
    resizeFrame = win.requestAnimationFrame(() => {
      resizeFrame = 0;
      win.dispatchEvent(new Event('resize'));
    });
  };

  // The app root is a direct child of <body> on both sites: watching body's own children
  // (not its subtree) sees a re-mount or a late mount and nothing else.
  const bodyObserver = new MutationObserver(() => {
    if (!root?.isConnected || !root.matches(rootCss)) attach();
  });
  if (doc.body) bodyObserver.observe(doc.body, { childList: true });

  const save = () => void store.save(layout).catch(() => undefined);
  const setLayout = (next: DockLayout, persist: boolean) => {
    if (next.width === layout.width && next.collapsed === layout.collapsed) {
      if (persist) save();
      return;
    }
    layout = next;
    apply();
    publish({ ...state, layout });
    if (persist) save();
  };

  const dock: Dock = {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setWidth: (width, opts) =>
      setLayout({ ...layout, width: clampWidth(width) }, opts?.persist ?? true),
    setCollapsed: (collapsed) => setLayout({ ...layout, collapsed }, true),
    toggle: () => setLayout({ ...layout, collapsed: !layout.collapsed }, true),
  };

  // Alt+Shift+K toggles, in the capture phase so a host handler cannot swallow it first;
  // only that exact chord is taken from the host, and never while an IME composes.
  const onKey = (e: KeyboardEvent) => {
    if (!isToggleChord(e)) return;
    e.preventDefault();
    e.stopPropagation();
    dock.toggle();
  };
  doc.addEventListener('keydown', onKey, { capture: true });

  const unwatch = store.watch?.((value) => setLayout(parseLayout(value, viewport()), false));

  const stop = () => {
    doc.removeEventListener('keydown', onKey, { capture: true });
    observer.disconnect();
    bodyObserver.disconnect();
    unwatch?.();
    if (resizeFrame) win.cancelAnimationFrame(resizeFrame);
    // The host gets all its room back.
    if (style.isConnected) {
      style.remove();
      win.dispatchEvent(new Event('resize'));
    }
    listeners.clear();
  };
  // The page may have been left while the layout was read: then never narrow it at all.
  if (options.signal.aborted) {
    stop();
    return dock;
  }
  options.signal.addEventListener('abort', stop, { once: true });
  attach();
  return dock;
}
