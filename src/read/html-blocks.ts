/**
 * A DOM subtree → plain text paragraphs. Block elements end a paragraph, inline elements flow into it,
 * `<br>` breaks a line, a table row becomes one line with its cells joined by " | ", a list item
 * starts with "- " so that the cleaner can tell a list from a menu. textContent would run paragraphs
 * together; innerText does not exist in linkedom.
 *
 * One boilerplate rule belongs here because only the DOM knows it: a short paragraph that is all link
 * text ("Home", "Sign In", "Next story") is navigation, not content.
 */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL', 'CAPTION', 'DETAILS', 'SUMMARY',
]);
const CELL = new Set(['TD', 'TH']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'BUTTON', 'SELECT', 'OPTION', 'TEXTAREA', 'INPUT']);
/** A paragraph of at most this many words made only of link text is a navigation item. */
const NAV_LINK_MAX_WORDS = 4;

/** How the walker sees a tree: the same walk serves linkedom's DOM and htmlparser2's. */
export interface TreeAdapter<N> {
  kind(node: N): 'text' | 'element' | 'other';
  /** Upper-case tag name. */
  name(node: N): string;
  children(node: N): ArrayLike<N>;
  text(node: N): string;
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const domAdapter: TreeAdapter<DomNode> = {
  kind: (n) => (n.nodeType === 3 ? 'text' : n.nodeType === 1 ? 'element' : 'other'),
  name: (n) => n.nodeName.toUpperCase(),
  children: (n) => n.childNodes,
  text: (n) => n.textContent ?? '',
};

/** Paragraphs of a whole DOM document (its body) or of one DOM element. */
export function blocksToParagraphs(root: Document | Element): string {
  return renderParagraphs([('body' in root ? root.body : root) as unknown as DomNode], domAdapter);
}

/** Paragraphs of the given roots, in order. */
export function renderParagraphs<N>(roots: N[], tree: TreeAdapter<N>): string {
  const paragraphs: string[] = [];
  let current = '';
  let linkText = 0;
  let bullet = false;
  const flush = () => {
    const p = current.replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim();
    const linkOnly = linkText >= p.replace(/\s+/g, '').length && p.split(/\s+/).length <= NAV_LINK_MAX_WORDS;
    if (p && !linkOnly) paragraphs.push(bullet ? `- ${p}` : p);
    current = '';
    linkText = 0;
    bullet = false;
  };
  const walk = (node: N, inPre: boolean, inLink: boolean) => {
    const kind = tree.kind(node);
    if (kind === 'text') {
      const t = tree.text(node);
      const piece = inPre ? t : t.replace(/\s+/g, ' ');
      current += piece;
      if (inLink) linkText += piece.replace(/\s+/g, '').length;
      return;
    }
    if (kind !== 'element') return;
    const name = tree.name(node);
    if (SKIP.has(name)) return;
    if (name === 'BR') {
      current += '\n';
      return;
    }
    if (CELL.has(name) && current.trim()) current += ' | ';
    const block = BLOCK.has(name);
    if (block) flush();
    if (name === 'LI') bullet = true;
    const pre = inPre || name === 'PRE';
    const link = inLink || name === 'A';
    const kids = tree.children(node);
    for (let i = 0; i < kids.length; i++) walk(kids[i]!, pre, link);
    if (block) flush();
  };
  for (const root of roots) {
    walk(root, false, false);
    flush();
  }
  // A <br> inside a paragraph separates lines that are separate paragraphs in plain text.
  return paragraphs
    .flatMap((p) => p.split('\n'))
    .map((p) => p.trim())
    .filter((p) => p && p !== '-')
    .join('\n\n');
}
