// The sidebar's shadow root: one element at the end of <body>, our built CSS inside it, and
// keys typed in our inputs kept from the host's shortcuts. Written here rather than WXT's
// createShadowRootUi, whose anchoring, positioning and wait-for-element helpers we never
// used and which cost the content script ~3 KB gzip.
import { browser } from 'wxt/browser';

// @property and @font-face only work at document level; Tailwind v4 declares its custom
// properties with @property, so those rules go to the document (they style nothing alone).
const DOCUMENT_AT_RULES = /(\s*@(property|font-face)[\s\S]*?{[\s\S]*?})/gm;

export interface ShadowUi {
  host: HTMLElement;
  /** Mount the app here. */
  container: HTMLElement;
}

export async function mountShadowUi(options: {
  /** Element name: two words, kebab-case. */
  name: string;
  /** The content-script entry whose built CSS (content-scripts/<entry>.css) styles the UI. */
  entry: string;
  mode: 'open' | 'closed';
  signal: AbortSignal;
}): Promise<ShadowUi> {
  const url = browser.runtime.getURL(`/content-scripts/${options.entry}.css` as '/');
  const css = await fetch(url)
    .then((r) => r.text())
    .catch(() => '');
  const documentCss = Array.from(css.matchAll(DOCUMENT_AT_RULES), (m) => m[0]).join('');
  const shadowCss = css.replace(DOCUMENT_AT_RULES, '').replaceAll(':root', ':host');

  const host = document.createElement(options.name);
  const shadow = host.attachShadow({ mode: options.mode });
  const style = document.createElement('style');
  // The host page's inherited styles stop at our door.
  style.textContent = `:host{all:initial !important;}\n${shadowCss}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  for (const type of ['keydown', 'keyup', 'keypress'])
    shadow.addEventListener(type, (e) => e.stopPropagation());

  let docStyle: HTMLStyleElement | undefined;
  if (documentCss.trim()) {
    docStyle = document.createElement('style');
    docStyle.dataset.kq = options.name;
    docStyle.textContent = documentCss;
    (document.head ?? document.body).append(docStyle);
  }
  document.body.append(host);
  options.signal.addEventListener('abort', () => {
    host.remove();
    docStyle?.remove();
  });
  return { host, container };
}
