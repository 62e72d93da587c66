// The docked sidebar's layout as data: its width, whether it is collapsed to the rail, and
// the keyboard chord that toggles it. Pure: the content script stores and applies it.

/** Where the layout is remembered (`browser.storage.local`). */
export const LAYOUT_KEY = 'sidebar.layout';

export const MIN_WIDTH = 260;
export const MAX_WIDTH = 480;
export const DEFAULT_WIDTH = 320;
/** The collapsed rail: wide enough for the toggle and a status dot with its initial. */
export const RAIL_WIDTH = 44;
/** One arrow-key step on the resize handle. */
export const WIDTH_STEP = 16;

export interface DockLayout {
  width: number;
  collapsed: boolean;
}

export const DEFAULT_LAYOUT: DockLayout = { width: DEFAULT_WIDTH, collapsed: false };

/** Below this viewport width the host needs every pixel: the first width is the narrowest. */
export const ROOMY_VIEWPORT = 1440;

/** The width before the agent chose one: narrow on small screens (1280 px laptops). */
export function defaultWidth(viewportWidth?: number): number {
  return viewportWidth !== undefined && viewportWidth < ROOMY_VIEWPORT ? MIN_WIDTH : DEFAULT_WIDTH;
}

/** A width the sidebar may take; anything that is not a finite number gets `fallback`. */
export function clampWidth(width: unknown, fallback = DEFAULT_WIDTH): number {
  if (typeof width !== 'number' || !Number.isFinite(width)) return fallback;
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
}

/**
 * A stored layout, whatever shape it comes in: bad fields fall back to the defaults (the
 * width to `defaultWidth(viewportWidth)`).
 */
export function parseLayout(input: unknown, viewportWidth?: number): DockLayout {
  const width = defaultWidth(viewportWidth);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { width, collapsed: DEFAULT_LAYOUT.collapsed };
  }
  const raw = input as Record<string, unknown>;
  return {
    width: clampWidth(raw.width, width),
    collapsed: typeof raw.collapsed === 'boolean' ? raw.collapsed : DEFAULT_LAYOUT.collapsed,
  };
}

/** The room the host must leave at its right edge for this layout. */
export function reservedWidth(layout: DockLayout): number {
  return layout.collapsed ? RAIL_WIDTH : clampWidth(layout.width);
}

/** Where the sidebar sits now, and the layout it was given. */
export type DockMode = 'docked' | 'floating';

export interface DockState {
  layout: DockLayout;
  /** `docked`: the host was narrowed and the sidebar sits beside it. */
  mode: DockMode;
  /** Why we float: the pack anchor that is missing, or `narrow-refused`. */
  reason?: 'dockRoot' | 'narrow-refused';
}

export interface Dock {
  get(): DockState;
  subscribe(listener: (state: DockState) => void): () => void;
  /** `persist: false` while dragging: the width is stored once, when the drag ends. */
  setWidth(width: number, options?: { persist?: boolean }): void;
  setCollapsed(collapsed: boolean): void;
  toggle(): void;
}

/** The toggle chord, as shown to the agent. */
export const TOGGLE_CHORD = 'Alt+Shift+K';

/** The parts of a KeyboardEvent the chord check reads. */
export interface ChordEvent {
  code: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
  keyCode?: number;
  repeat?: boolean;
}

/**
 * Is this exactly Alt+Shift+K? By physical key (`code`), since Alt/Option changes `key` on
 * macOS and with Vietnamese keyboard layouts; never during IME composition (Telex/VNI
 * typing reports keyCode 229), never with Ctrl or Meta, never an auto-repeat.
 */
export function isToggleChord(e: ChordEvent): boolean {
  if (e.isComposing || e.keyCode === 229 || e.repeat) return false;
  return e.code === 'KeyK' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey;
}

/** Width after a key on the resize handle (the handle is on the left edge: Left widens). */
export function widthAfterKey(width: number, key: string): number | null {
  switch (key) {
    case 'ArrowLeft':
      return clampWidth(width + WIDTH_STEP);
    case 'ArrowRight':
      return clampWidth(width - WIDTH_STEP);
    case 'Home':
      return MIN_WIDTH;
    case 'End':
      return MAX_WIDTH;
    default:
      return null;
  }
}

/** Width while dragging the left-edge handle from `startX` to `x`. */
export function widthAfterDrag(startWidth: number, startX: number, x: number): number {
  return clampWidth(startWidth + (startX - x));
}
