/**
 * A DOM subtree → plain text paragraphs. Block elements end a paragraph, inline elements flow into it,
 * `<br>` breaks a line. textContent would run paragraphs together; innerText does not exist in linkedom.
 */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL', 'CAPTION', 'DETAILS', 'SUMMARY',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'BUTTON', 'SELECT', 'OPTION', 'TEXTAREA', 'INPUT']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

export function blocksToParagraphs(doc: Document): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const p = current.replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim();
    if (p) paragraphs.push(p);
    current = '';
  };
  const walk = (node: DomNode, inPre: boolean) => {
    if (node.nodeType === 3) {
      const t = node.textContent ?? '';
      current += inPre ? t : t.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === 'BR') {
      current += '\n';
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    const pre = inPre || name === 'PRE';
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!, pre);
    if (block) flush();
  };
  walk(doc.body as unknown as DomNode, false);
  flush();
  // A <br> inside a paragraph separates lines that are separate paragraphs in plain text.
  return paragraphs
    .flatMap((p) => p.split('\n'))
    .map((p) => p.trim())
    .filter(Boolean)
    .join('\n\n');
}
