// Brings the preview frame's page up to date with a new render by changing only what differs.
//
// Replacing the whole body on each keystroke made WebKit parse, lay out and paint the whole
// 5,000-word page again. Typing changes one paragraph, so this keeps every node that is equal
// (`isEqualNode`, a native deep comparison) and touches only the rest: the browser then lays
// out and paints that paragraph, not the page.
//
// At each level: when the children line up one to one, each unequal pair is patched (an
// element with the same tag and attributes is patched inside; a text node takes the new text;
// anything else is replaced). Otherwise the common start and end are kept and the middle is
// replaced. The result is always exactly the new markup; only the amount of DOM work varies.

/** Makes `target`'s children equal to those of `source`, moving nodes out of `source`. */
export function morphChildren(target: Node, source: Node): void {
  const a = target.childNodes;
  const b = source.childNodes;
  if (a.length === b.length) {
    // Snapshot the new children first: patching moves some of them out of `source`.
    const next = Array.from(b);
    for (let i = 0; i < next.length; i++) {
      const old = a[i];
      if (!old.isEqualNode(next[i])) patchNode(target, old, next[i]);
    }
    return;
  }
  let start = 0;
  while (start < a.length && start < b.length && a[start].isEqualNode(b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1].isEqualNode(b[endB - 1])) {
    endA--;
    endB--;
  }
  const incoming = Array.from(b).slice(start, endB);
  const before = endA < a.length ? a[endA] : null;
  for (let i = endA - 1; i >= start; i--) target.removeChild(a[i]);
  for (const n of incoming) target.insertBefore(n, before);
}

function patchNode(parent: Node, old: ChildNode, next: ChildNode): void {
  if (old.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE) {
    (old as Text).data = (next as Text).data;
  } else if (sameShell(old, next)) {
    morphChildren(old, next);
  } else {
    parent.replaceChild(next, old);
  }
}

/**
 * Two elements with the same tag and the same attributes. (By `nodeType`, not `instanceof`:
 * the frame's nodes belong to another window, whose `Element` is not this one.)
 */
function sameShell(a: Node, b: Node): boolean {
  if (!isElement(a) || !isElement(b) || a.tagName !== b.tagName) return false;
  if (a.attributes.length !== b.attributes.length) return false;
  for (const attr of Array.from(a.attributes)) {
    if (b.getAttributeNS(attr.namespaceURI, attr.localName) !== attr.value) return false;
  }
  return true;
}

const isElement = (n: Node): n is Element => n.nodeType === Node.ELEMENT_NODE;

/** Makes `body` hold exactly `html`, changing only the nodes that differ. */
export function morphBody(body: HTMLElement, html: string): void {
  const doc = body.ownerDocument;
  const template = doc.createElement('template');
  template.innerHTML = html;
  morphChildren(body, template.content);
}
