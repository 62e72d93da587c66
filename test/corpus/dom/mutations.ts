// A small mutation library for host-page fixtures: each mutation is plain data (a kind and
// a few numbers), applied to a Document by a pure function of that data, so a failing case
// reproduces from its seed and its printed list. `pick` numbers are reduced modulo the
// number of candidates the document has at that moment; a mutation with no candidate is a
// no-op (and says so). See README.md for the kinds.
import fc from 'fast-check';

export const MUTATION_KINDS = [
  'dropAttribute',
  'renameClass',
  'removeIdentifier',
  'corruptAttribute',
  'moveNode',
  'removeNode',
  'duplicateNode',
  'localizeText',
  'localizeLabel',
  'swapSelection',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Which candidate element (or text node) to act on, modulo the candidates. */
  pick: number;
  /** A second choice: which attribute, class, new parent, variant… modulo its options. */
  choice: number;
}

/** A fast-check arbitrary for a list of 1…`max` mutations. */
export const mutationsArb = (max = 8): fc.Arbitrary<Mutation[]> =>
  fc.array(
    fc.record({
      kind: fc.constantFrom(...MUTATION_KINDS),
      pick: fc.nat({ max: 1_000_000 }),
      choice: fc.nat({ max: 1_000_000 }),
    }),
    { minLength: 1, maxLength: max },
  );

const at = <T>(list: readonly T[], n: number): T | undefined =>
  list.length ? list[n % list.length] : undefined;

/** Elements in the body (the head holds nothing an adapter reads). */
const bodyElements = (doc: Document): Element[] =>
  doc.body ? [...doc.body.querySelectorAll('*')] : [];

/** Non-blank text nodes in the body, in document order. */
function textNodes(doc: Document): Text[] {
  const out: Text[] = [];
  if (!doc.body) return out;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeValue?.trim()) out.push(n as Text);
  }
  return out;
}

const describe = (el: Element): string => {
  const id = el.id ? `#${el.id}` : '';
  const cls = el.classList.length ? `.${[...el.classList].slice(0, 3).join('.')}` : '';
  return `${el.tagName.toLowerCase()}${id}${cls}`;
};

/** Junk a host could put in an attribute: unparsable URLs, huge, numeric-looking, empty. */
export const JUNK_VALUES = [
  '',
  '   ',
  'http://[',
  'http://[/latest/inbox/all?selected_item_id=100004827315590&thread_type=FB_MESSAGE',
  '%E0%A4%A',
  'javascript:void(0)',
  '9'.repeat(60),
  'NaN',
  'x'.repeat(5000),
  '/latest/inbox/all?selected_item_id=&thread_type=',
  '/latest/inbox/all?selected_item_id=abc&thread_type=FB_MESSAGE',
  'bb_msg_id_99999999999999999',
  '1@2_3_4',
] as const;

/** What Vietnamese/English UI words become in the other language (and a third). */
const DICTIONARY: Record<string, string[]> = {
  'Sent by': ['Gửi bởi', 'ส่งโดย', 'Envoyé par'],
  'Gửi bởi': ['Sent by', 'Gui boi'],
  'Automated reply': ['Trả lời tự động', 'Réponse automatique'],
  'Trả lời tự động': ['Automated reply', 'Tra loi tu dong'],
  'Kích hoạt': ['Activate', 'Kich hoat', 'Aktivieren'],
  Today: ['Hôm nay', 'Aujourd’hui'],
  'Hôm nay': ['Today', 'Hom nay'],
  Yesterday: ['Hôm qua', 'Hier'],
  'Hôm qua': ['Yesterday'],
};

const stripMarks = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

/** Ways a text changes when the host is localized, re-rendered or typed by someone else. */
const TEXT_VARIANTS: ((s: string) => string)[] = [
  (s) => {
    for (const [from, to] of Object.entries(DICTIONARY)) {
      if (s.includes(from)) return s.replace(from, to[0] ?? from);
    }
    return stripMarks(s);
  },
  (s) => {
    for (const [from, to] of Object.entries(DICTIONARY)) {
      if (s.includes(from)) return s.replace(from, to.at(-1) ?? from);
    }
    return s.toUpperCase();
  },
  stripMarks,
  (s) => `\u00a0${s.replace(/ /g, '\u00a0')}\u00a0`,
  (s) => ` \n\t${s}  `,
  (s) => s.normalize('NFD'),
  () => 'ส่งโดย แอดมิน',
  () => '已由管理员发送',
  () => 'مرحبا 👋🏽',
  () => '',
  (s) => (s || 'x').repeat(Math.ceil(25_000 / Math.max(1, s.length))),
];

/** Attribute values that are localized by the host (the pack matches some by prefix). */
const LABEL_ATTRIBUTES = ['aria-label', 'title', 'alt', 'data-trailer', 'placeholder'];
const LABEL_VARIANTS: ((s: string) => string)[] = [
  () => 'Vùng chứa danh sách tin nhắn',
  () => 'Conteneur de la liste des messages',
  stripMarks,
  (s) => s.toLowerCase(),
  (s) => `\u00a0${s}`,
  () => '',
];

/** The marks hosts use for "this one is selected". */
const isMarked = (el: Element) =>
  el.classList.contains('selected') || el.getAttribute('aria-selected') === 'true';

/**
 * Applies one mutation; returns what it did (for the failure report). `focus`, a selector
 * list (the pack's anchors), makes every other mutation act on the elements an adapter
 * reads (and, for moves, put them under such an element) instead of anywhere in the page.
 */
export function applyMutation(doc: Document, m: Mutation, focus?: string): string {
  const pool = (n: number): Element[] => {
    if (focus && Math.floor(n / 7) % 2 === 0) {
      const hot = [...doc.querySelectorAll(focus)];
      if (hot.length) return hot;
    }
    return bodyElements(doc);
  };
  switch (m.kind) {
    case 'dropAttribute': {
      const el = at(
        pool(m.pick).filter((e) => e.attributes.length > 0),
        m.pick,
      );
      const attr = el && at([...el.attributes], m.choice);
      if (!el || !attr) return 'dropAttribute: none';
      el.removeAttribute(attr.name);
      return `dropAttribute ${attr.name} from ${describe(el)}`;
    }
    case 'renameClass': {
      const el = at(
        pool(m.pick).filter((e) => e.classList.length > 0),
        m.pick,
      );
      const cls = el && at([...el.classList], m.choice);
      if (!el || !cls) return 'renameClass: none';
      const renamed = `${cls}_${(m.choice % 997).toString(36)}`;
      el.classList.replace(cls, renamed);
      return `renameClass ${cls} → ${renamed} on ${describe(el)}`;
    }
    case 'removeIdentifier': {
      // ids and data-* attributes: what hosts rename or drop between builds.
      const el = at(
        pool(m.pick).filter(
          (e) => e.id || [...e.attributes].some((a) => a.name.startsWith('data-')),
        ),
        m.pick,
      );
      if (!el) return 'removeIdentifier: none';
      const names = [...el.attributes]
        .map((a) => a.name)
        .filter((n) => n === 'id' || n.startsWith('data-') || n === 'anim-data-id');
      const name = at(names, m.choice);
      if (!name) return 'removeIdentifier: none';
      el.removeAttribute(name);
      return `removeIdentifier ${name} from ${describe(el)}`;
    }
    case 'corruptAttribute': {
      const el = at(
        pool(m.pick).filter((e) => e.attributes.length > 0),
        m.pick,
      );
      const attr = el && at([...el.attributes], m.choice);
      const junk = at(JUNK_VALUES, Math.floor(m.choice / 7)) ?? '';
      if (!el || !attr) return 'corruptAttribute: none';
      el.setAttribute(attr.name, junk);
      return `corruptAttribute ${attr.name}=${JSON.stringify(junk.slice(0, 40))} on ${describe(el)}`;
    }
    case 'moveNode': {
      const el = at(pool(m.pick), m.pick);
      if (!el) return 'moveNode: none';
      const parents = pool(m.choice).filter((p) => p !== el && !el.contains(p));
      const parent = at(parents, m.choice) ?? doc.body;
      const before = at([...parent.children, null], m.choice >> 3) ?? null;
      parent.insertBefore(el, before);
      return `moveNode ${describe(el)} into ${describe(parent)}`;
    }
    case 'removeNode': {
      const el = at(pool(m.pick), m.pick);
      if (!el) return 'removeNode: none';
      el.remove();
      return `removeNode ${describe(el)}`;
    }
    case 'duplicateNode': {
      const el = at(pool(m.pick), m.pick);
      if (!el?.parentNode) return 'duplicateNode: none';
      el.parentNode.insertBefore(el.cloneNode(true), el.nextSibling);
      return `duplicateNode ${describe(el)}`;
    }
    case 'localizeText': {
      const node = at(textNodes(doc), m.pick);
      const variant = at(TEXT_VARIANTS, m.choice);
      if (!node || !variant) return 'localizeText: none';
      const before = node.nodeValue ?? '';
      node.nodeValue = variant(before);
      return `localizeText ${JSON.stringify(before.trim().slice(0, 30))} → ${JSON.stringify((node.nodeValue ?? '').slice(0, 30))}`;
    }
    case 'localizeLabel': {
      const el = at(
        pool(m.pick).filter((e) => LABEL_ATTRIBUTES.some((a) => e.hasAttribute(a))),
        m.pick,
      );
      if (!el) return 'localizeLabel: none';
      const name = LABEL_ATTRIBUTES.find((a) => el.hasAttribute(a)) ?? 'aria-label';
      const variant = at(LABEL_VARIANTS, m.choice) ?? ((s: string) => s);
      el.setAttribute(name, variant(el.getAttribute(name) ?? ''));
      return `localizeLabel ${name} on ${describe(el)}`;
    }
    case 'swapSelection': {
      // Move a selection mark (class `selected`, aria-selected="true") to a look-alike: an
      // element of the same tag sharing its first class, or carrying aria-selected.
      const marked = at(bodyElements(doc).filter(isMarked), m.pick);
      if (!marked) return 'swapSelection: none';
      const byClass = marked.classList.contains('selected');
      const first = marked.classList[0];
      const peers = bodyElements(doc).filter(
        (e) =>
          e !== marked &&
          e.tagName === marked.tagName &&
          (byClass
            ? first !== undefined && e.classList.contains(first)
            : e.hasAttribute('aria-selected')),
      );
      const other = at(peers, m.choice);
      if (!other) return 'swapSelection: none';
      if (byClass) {
        marked.classList.remove('selected');
        other.classList.add('selected');
      } else {
        marked.setAttribute('aria-selected', 'false');
        other.setAttribute('aria-selected', 'true');
      }
      return `swapSelection ${describe(marked)} → ${describe(other)}`;
    }
  }
}

/** Applies a list of mutations in order; returns what each did. */
export function applyMutations(doc: Document, list: readonly Mutation[], focus?: string): string[] {
  return list.map((m) => applyMutation(doc, m, focus));
}
