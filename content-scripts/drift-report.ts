// A drift report an agent can copy from the sidebar to help fix a selector pack: the
// shape of the host page around our anchors — tag names, class names, which data-*/aria-*
// attributes exist — with every text and attribute value replaced by a placeholder, so no
// customer data ever leaves the page. Only code-like structural values are kept.
import type { SelectorPack } from '@/core/selector-pack';

/** Attributes whose values are the site's own component names, never customer data. */
const KEEP_VALUES = new Set([
  'role',
  'data-pagelet',
  'data-id',
  'data-component',
  'data-translate-inner',
  'data-translate-title',
]);
const CODE_LIKE = /^[A-Za-z0-9_:/.-]{1,120}$/;
const MAX_NODES = 600;
const MAX_DEPTH = 14;

export function censorElement(root: Element): string {
  const lines: string[] = [];
  let count = 0;
  const walk = (el: Element, depth: number) => {
    if (count >= MAX_NODES || depth > MAX_DEPTH) return;
    count += 1;
    const attrs: string[] = [];
    const classes = [...el.classList].filter((c) => CODE_LIKE.test(c));
    if (classes.length) attrs.push(`.${classes.join('.')}`);
    if (el.id) attrs.push(CODE_LIKE.test(el.id) && !/\d{6,}/.test(el.id) ? `#${el.id}` : '#…');
    for (const { name, value } of [...el.attributes]) {
      if (name === 'class' || name === 'id' || name === 'style') continue;
      if (!/^(data-|aria-|role$|contenteditable$|anim-data-id$)/.test(name)) continue;
      const keep = KEEP_VALUES.has(name) && CODE_LIKE.test(value) && !/\d{6,}/.test(value);
      attrs.push(keep ? `[${name}="${value}"]` : `[${name}]`);
    }
    const text = [...el.childNodes].some(
      (n) => n.nodeType === Node.TEXT_NODE && n.nodeValue?.trim(),
    );
    lines.push(
      `${'  '.repeat(depth)}${el.tagName.toLowerCase()}${attrs.join('')}${text ? ' "…"' : ''}`,
    );
    for (const child of el.children) walk(child, depth + 1);
  };
  walk(root, 0);
  if (count >= MAX_NODES) lines.push(`… (cut at ${MAX_NODES} elements)`);
  return lines.join('\n');
}

export interface DriftReportInput {
  site: string;
  pack: SelectorPack;
  health: string;
  root: Element | null;
  doc?: Document;
}

export function driftReport(input: DriftReportInput): string {
  const doc = input.doc ?? document;
  const anchors = Object.entries(input.pack.anchors).map(([name, selectors]) => {
    const index = selectors.findIndex((s) => {
      try {
        return doc.querySelector(s.css) !== null;
      } catch {
        return false;
      }
    });
    return `  ${name}: ${index < 0 ? 'MISSING' : `selector #${index + 1} of ${selectors.length}`}`;
  });
  return [
    `Khách Quen drift report — ${input.site}, selector pack ${input.pack.version}`,
    `path: ${location.pathname}`,
    `health: ${input.health}`,
    `user agent: ${navigator.userAgent}`,
    'anchors:',
    ...anchors,
    'page shape (values and text removed):',
    input.root ? censorElement(input.root) : '(no inbox root)',
  ].join('\n');
}
