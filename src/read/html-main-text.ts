/**
 * Main text of a news page, found by content scoring on htmlparser2's light DOM. Written here rather
 * than taken whole from Readability because Readability needs a full DOM: on linkedom it costs
 * ~25 ms for an average news page (169 KB), where htmlparser2 parses the same page in ~2 ms.
 * The method is Readability's, kept to what the benchmark showed matters: paragraphs score their
 * ancestors (commas, length), class/id names weigh containers, link density discounts them, the best
 * container wins and takes along siblings that read like article text. The clean stage's line filter
 * then removes what slips through.
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Document as HpDocument, Element } from 'domhandler';
import type { TreeAdapter } from './html-blocks.ts';

/** Elements whose content is never article text. */
const REMOVE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'button', 'select', 'input', 'textarea', 'nav', 'aside', 'object', 'embed', 'canvas', 'map', 'dialog', 'head']);
const UNLIKELY = /-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|subscribe|cookie|consent|share|sharing|promo|outbrain|taboola|recirc|most-popular|trending/i;
const MAYBE = /and|article|body|column|content|main|mathjax|shadow|story|post-text|entry/i;
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|paragraph|prose/i;
const NEGATIVE = /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|caption|byline|author|dateline|newsletter|subscribe/i;
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'li', 'h2', 'h3', 'h4']);
/** Inline elements that can continue a run of loose text (custom elements may hold blocks). */
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);
/** Containers whose loose text (outside any block child) can be a paragraph. */
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'td']);
const BLOCK_CHILDREN = new Set(['p', 'div', 'section', 'article', 'table', 'ul', 'ol', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dl', 'figure', 'header', 'footer', 'main', 'form']);

/** A paragraph shorter than this does not vote for its ancestors. */
const MIN_PARAGRAPH_CHARS = 25;
/** How many of the best-scored containers are compared, and how many must share an ancestor. */
const TOP_CANDIDATES = 5;
const MIN_SHARED_CANDIDATES = 3;
/** Siblings of the best container join it above this share of its score. */
const SIBLING_SHARE = 0.2;

export function parseHtml(html: string): HpDocument {
  return parseBoundedHtml(html).doc;
}

/** The page's tree, bounded in depth; `unwrapped` says it had to be (the source is then no safe input to a DOM). */
export function parseBoundedHtml(html: string): { doc: HpDocument; unwrapped: boolean } {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  return { doc, unwrapped: boundDepth(doc) };
}

/**
 * Depth at which deeper wrappers are unwrapped, and the height of a subtree kept whole below it. Real
 * pages stay far below (the deepest of the extraction benchmark's 181: see its test); Readability on
 * linkedom, the fallback, costs ~0.2 s at depth 160 and grows with the cube of the depth.
 */
export const TREE_DEPTH = { unwrapAt: 128, keep: 32 };

/**
 * The tree walks here and in the paragraph renderer recurse, as DOM code does; a page nested thousands
 * deep would overflow the stack. Browsers bound the depth their parser builds (Chromium at 512); here,
 * below TREE_DEPTH.unwrapAt, elements whose subtree is taller than TREE_DEPTH.keep are unwrapped: their
 * children take their place, in order, until every child is shallow. No text is lost, only wrappers.
 * Both passes use explicit stacks, so they work at any depth.
 */
function boundDepth(doc: HpDocument): boolean {
  const height = new Map<AnyNode, number>();
  const childrenOf = (n: AnyNode) => (n as Element).children as AnyNode[] | undefined;
  // Post-order: a node's height once its children's are known.
  const stack: [AnyNode, boolean][] = [[doc as unknown as AnyNode, false]];
  let tall = false;
  while (stack.length) {
    const [node, expanded] = stack.pop()!;
    const kids = childrenOf(node);
    if (!kids?.length) continue;
    if (!expanded) {
      stack.push([node, true]);
      for (const k of kids) stack.push([k, false]);
      continue;
    }
    let h = 0;
    for (const k of kids) h = Math.max(h, height.get(k) ?? 0);
    height.set(node, h + 1);
    if (h + 1 > TREE_DEPTH.unwrapAt) tall = true;
  }
  if (!tall) return false;
  const down: [AnyNode, number][] = [[doc as unknown as AnyNode, 0]];
  while (down.length) {
    const [node, depth] = down.pop()!;
    const kids = childrenOf(node);
    if (!kids?.length) continue;
    if (depth < TREE_DEPTH.unwrapAt) {
      for (const k of kids) down.push([k, depth + 1]);
      continue;
    }
    const flat: AnyNode[] = [];
    const todo: AnyNode[] = [...kids].reverse();
    while (todo.length) {
      const c = todo.pop()!;
      const inner = childrenOf(c);
      if (inner?.length && (height.get(c) ?? 0) > TREE_DEPTH.keep) for (let i = inner.length - 1; i >= 0; i--) todo.push(inner[i]!);
      else flat.push(c);
    }
    flat.forEach((c, i) => {
      c.parent = node as Element;
      c.prev = flat[i - 1] ?? null;
      c.next = flat[i + 1] ?? null;
    });
    (node as Element).children = flat as Element['children'];
  }
  return true;
}

/** htmlparser2's tree as the paragraph renderer walks it. */
export const htmlparser2Tree: TreeAdapter<AnyNode> = {
  kind: (n) => (n.type === 'text' ? 'text' : n.type === 'tag' ? 'element' : 'other'),
  name: (n) => (n as Element).name.toUpperCase(),
  children: (n) => (n as Element).children,
  text: (n) => (n as unknown as { data: string }).data,
};

const isElement = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

export function textOf(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!isElement(node) && node.type !== 'root') return '';
  let s = '';
  for (const c of (node as Element).children) s += textOf(c);
  return s;
}

/** Non-space characters of text and of link text under each element, computed once per page. */
interface TextSize {
  chars: number;
  linkChars: number;
}
let sizes = new WeakMap<Element, TextSize>();
/** Divs and sections with no block inside: paragraphs in all but name (Readability turns them into <p>). */
let textBlocks = new WeakSet<Element>();

function sizeOf(node: AnyNode, inLink = false): TextSize {
  if (node.type === 'text') {
    const n = countNonSpace((node as unknown as { data: string }).data);
    return { chars: n, linkChars: inLink ? n : 0 };
  }
  if (!isElement(node)) return { chars: 0, linkChars: 0 };
  const cached = sizes.get(node);
  if (cached && !inLink) return cached;
  const link = inLink || node.name === 'a';
  const size = { chars: 0, linkChars: 0 };
  for (const c of node.children) {
    const s = sizeOf(c, link);
    size.chars += s.chars;
    size.linkChars += s.linkChars;
  }
  if (!inLink) sizes.set(node, size);
  return size;
}

function countNonSpace(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
}

function linkDensity(node: Element): number {
  const { chars, linkChars } = sizeOf(node);
  return chars ? linkChars / chars : 0;
}

function classWeight(el: Element): number {
  let w = 0;
  for (const v of [el.attribs.class, el.attribs.id]) {
    if (!v) continue;
    if (NEGATIVE.test(v)) w -= 25;
    if (POSITIVE.test(v)) w += 25;
  }
  return w;
}

function isHidden(el: Element): boolean {
  const a = el.attribs;
  return 'hidden' in a || a['aria-hidden'] === 'true' || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(a.style ?? '');
}

/**
 * Children lists replaced while pruning, oldest first. Undoing them gives back the parsed page, so a
 * second pass with other settings costs a walk instead of a second parse.
 */
export type TreeEdits = [Element | HpDocument, AnyNode[]][];

export function undoEdits(edits: TreeEdits): void {
  for (let i = edits.length - 1; i >= 0; i--) edits[i]![0].children = edits[i]![1];
  edits.length = 0;
}

function keepChildren(node: Element | HpDocument, keep: (c: AnyNode) => boolean, edits: TreeEdits): void {
  const kept = node.children.filter(keep);
  if (kept.length === node.children.length) return;
  edits.push([node, node.children]);
  node.children = kept;
}

/** Drop what is never content, top-down, the way Readability's first pass does. */
function prune(node: Element | HpDocument, stripUnlikely: boolean, edits: TreeEdits): void {
  keepChildren(node, (c) => {
    if (c.type === 'comment' || c.type === 'directive' || c.type === 'script' || c.type === 'style') return false;
    if (!isElement(c)) return true;
    if (REMOVE.has(c.name) || isHidden(c)) return false;
    const match = `${c.attribs.class ?? ''} ${c.attribs.id ?? ''} ${c.attribs.role ?? ''}`;
    if (stripUnlikely && c.name !== 'body' && c.name !== 'article' && c.name !== 'main' && c.name !== 'html' && UNLIKELY.test(match) && !MAYBE.test(match)) return false;
    if (stripUnlikely && /^(?:menu|menubar|complementary|navigation|alert|alertdialog|dialog)$/.test(c.attribs.role ?? '')) return false;
    prune(c, stripUnlikely, edits);
    return true;
  }, edits);
}

function baseScore(el: Element): number {
  switch (el.name) {
    case 'div': case 'article': case 'main': case 'section': return 5 + classWeight(el);
    case 'pre': case 'td': case 'blockquote': return 3 + classWeight(el);
    case 'address': case 'ol': case 'ul': case 'dl': case 'dd': case 'dt': case 'li': case 'form': return -3 + classWeight(el);
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': case 'th': return -5 + classWeight(el);
    default: return classWeight(el);
  }
}

function hasBlockChild(el: Element): boolean {
  return el.children.some((c) => isElement(c) && BLOCK_CHILDREN.has(c.name));
}

/** How strict a pass is. The first pass is strict; a thin result is retried leniently. */
export interface ScoringPass {
  /** Drop containers named like sidebars first. Class names mislead often enough ("pageRow" reads as "pager") to retry without it, as Readability does. */
  stripUnlikely: boolean;
  /**
   * Count text written straight into a container between its blocks as a paragraph of that container
   * (Readability wraps such runs in a <p>). Found on pages that hold the article in one bare text node;
   * on well-marked pages the same runs are captions and notices that pull the choice up to a too-wide
   * container, so only the lenient pass counts them.
   */
  looseText: boolean;
}

export const STRICT_PASS: ScoringPass = { stripUnlikely: true, looseText: false };
export const LENIENT_PASS: ScoringPass = { stripUnlikely: false, looseText: true };

/** The element or elements holding the article's text, in document order; null when none stands out. */
export function findMainContent(doc: HpDocument, pass: ScoringPass = STRICT_PASS, edits: TreeEdits = []): Element[] | null {
  prune(doc, pass.stripUnlikely, edits);
  sizes = new WeakMap();
  textBlocks = new WeakSet();
  const scores = new Map<Element, number>();
  // A paragraph is an element and the container its score goes to first (its parent).
  const paragraphs: { text: string; parent: AnyNode | null }[] = [];
  const collect = (node: AnyNode) => {
    if (!isElement(node)) return;
    if (PARAGRAPH_TAGS.has(node.name)) paragraphs.push({ text: textOf(node), parent: node.parent });
    else if ((node.name === 'div' || node.name === 'section') && !hasBlockChild(node)) {
      paragraphs.push({ text: textOf(node), parent: node.parent });
      textBlocks.add(node);
    } else if (pass.looseText && CONTAINERS.has(node.name)) {
      // Text written straight into a container between its blocks is a paragraph of that container
      // (Readability wraps such runs in a <p>): pages that put the article in one bare text node.
      let run = '';
      for (const c of node.children) {
        if (c.type === 'text' || (isElement(c) && PHRASING.has(c.name))) run += textOf(c);
        else if (isElement(c)) {
          if (run) paragraphs.push({ text: run, parent: node });
          run = '';
        }
      }
      if (run) paragraphs.push({ text: run, parent: node });
    }
    for (const c of node.children) collect(c);
  };
  for (const c of doc.children) collect(c);
  for (const p of paragraphs) {
    const text = p.text.replace(/\s+/g, ' ').trim();
    if (text.length < MIN_PARAGRAPH_CHARS) continue;
    const score = 1 + (text.match(/[,，、]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    let ancestor = p.parent;
    for (let level = 0; ancestor && ancestor.type === 'tag' && level < 5; level++, ancestor = ancestor.parent) {
      const el = ancestor as Element;
      if (!scores.has(el)) scores.set(el, baseScore(el));
      scores.set(el, scores.get(el)! + score / (level === 0 ? 1 : level === 1 ? 2 : level * 3));
    }
  }
  const ranked = [...scores.entries()].map(([el, raw]) => [el, raw * (1 - linkDensity(el))] as const).sort((a, b) => b[1] - a[1]);
  for (const [el, final] of ranked) scores.set(el, final);
  if (!ranked.length) return null;
  let [top, topScore] = ranked[0]!;
  // Text split over several containers (ads between blocks): when three of the strong candidates share
  // an ancestor of the top one, that ancestor is the article.
  const strong = ranked.slice(1, TOP_CANDIDATES).filter(([, sc]) => sc >= topScore * 0.75).map(([el]) => el);
  if (strong.length >= MIN_SHARED_CANDIDATES) {
    for (let anc = top.parent; anc && anc.type === 'tag' && (anc as Element).name !== 'body'; anc = anc.parent) {
      const shared = strong.filter((el) => isInside(el, anc as Element)).length;
      if (shared >= MIN_SHARED_CANDIDATES) {
        top = anc as Element;
        break;
      }
    }
  }
  // Climb while the parents still score a third of the top: a parent that outscores the level below
  // gathers text the top container holds only part of (Readability's rule).
  let lastScore = topScore;
  for (let anc = top.parent; anc && anc.type === 'tag' && (anc as Element).name !== 'body'; anc = anc.parent) {
    const ancScore = scores.get(anc as Element);
    if (ancScore === undefined) continue;
    if (ancScore < topScore / 3) break;
    if (ancScore > lastScore) {
      top = anc as Element;
      topScore = ancScore;
      break;
    }
    lastScore = ancScore;
  }
  const parent = top.parent;
  if (!parent || parent.type !== 'tag') return [top];
  const threshold = Math.max(10, topScore * SIBLING_SHARE);
  const chosen: Element[] = [];
  for (const sib of (parent as Element).children) {
    if (!isElement(sib)) continue;
    if (sib === top) {
      chosen.push(sib);
      continue;
    }
    const bonus = sib.attribs.class && sib.attribs.class === top.attribs.class ? topScore * 0.2 : 0;
    if ((scores.get(sib) ?? -Infinity) + bonus >= threshold) {
      chosen.push(sib);
      continue;
    }
    if (sib.name === 'p') {
      const text = textOf(sib).replace(/\s+/g, ' ').trim();
      const density = linkDensity(sib);
      if ((text.length > 80 && density < 0.25) || (text.length > 0 && text.length <= 80 && density === 0 && /[.!?]["”’]?$/.test(text))) chosen.push(sib);
    }
  }
  for (const el of chosen) cleanConditionally(el, scores, edits);
  return chosen;
}

function isInside(el: Element, ancestor: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

const CONDITIONAL = new Set(['div', 'section', 'ul', 'ol', 'table', 'form', 'header', 'footer', 'figure']);

/**
 * Inside the chosen article, drop blocks that do not read like it (Readability's "clean
 * conditionally"): negative class names, mostly links, more list items or images than text.
 */
function cleanConditionally(root: Element, scores: Map<Element, number>, edits: TreeEdits): void {
  keepChildren(root, (c) => {
    if (!isElement(c)) return true;
    if (CONDITIONAL.has(c.name) && shouldDrop(c, scores)) return false;
    cleanConditionally(c, scores, edits);
    return true;
  }, edits);
}

function shouldDrop(el: Element, scores: Map<Element, number>): boolean {
  const weight = classWeight(el);
  if (weight + (scores.get(el) ?? 0) < 0) return true;
  const text = textOf(el).replace(/\s+/g, ' ').trim();
  if (!text) return !hasDescendant(el, 'img') || el.name !== 'figure';
  const commas = text.match(/[,，、]/g)?.length ?? 0;
  if (commas >= 10) return false;
  const density = linkDensity(el);
  const p = countParagraphs(el);
  const li = countTags(el, 'li') - 100;
  const img = countTags(el, 'img');
  const isList = el.name === 'ul' || el.name === 'ol';
  if (!isList && li > p) return true;
  if (img > 1 && p / img < 0.5) return true;
  if (weight < 25 && density > 0.2 && text.length < 500) return true;
  if (weight >= 25 && density > 0.5) return true;
  return false;
}

/** <p> elements and text blocks holding text, as Readability counts them after turning such divs into <p>. */
function countParagraphs(el: Element): number {
  let n = 0;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (c.name === 'p' || (textBlocks.has(c) && sizeOf(c).chars > 0)) n++;
    else n += countParagraphs(c);
  }
  return n;
}

function hasDescendant(el: Element, name: string): boolean {
  return countTags(el, name) > 0;
}

function countTags(el: Element, name: string): number {
  let n = 0;
  for (const c of el.children) if (isElement(c)) n += (c.name === name ? 1 : 0) + countTags(c, name);
  return n;
}
