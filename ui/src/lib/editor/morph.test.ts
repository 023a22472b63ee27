// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { morphBody } from './morph';

const para = (i: number, extra = '') => `<p id="p${i}">Paragraph ${i} of the review${extra}.</p>`;
const page = (n: number, edit?: [number, string]) =>
  `<header><h1>Heat</h1><p class="dek">A dek</p></header><article>${Array.from({ length: n }, (_, i) =>
    para(i, edit && edit[0] === i ? edit[1] : ''),
  ).join('\n')}</article><footer>End</footer>`;

function body(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

describe('morphBody', () => {
  it('keeps the untouched paragraphs and changes only the typed one', () => {
    const b = body(page(50));
    const kept = b.querySelector('#p10');
    const typed = b.querySelector('#p30');
    const typedText = typed!.firstChild;
    morphBody(b, page(50, [30, ' and more']));
    expect(b.innerHTML).toBe(page(50, [30, ' and more']));
    expect(b.querySelector('#p10')).toBe(kept);
    expect(b.querySelector('#p30')).toBe(typed);
    expect(b.querySelector('#p30')!.firstChild).toBe(typedText);
  });

  it('adds and removes paragraphs, keeping the ones around them', () => {
    const b = body(page(5));
    const first = b.querySelector('#p0');
    const last = b.querySelector('#p4');
    morphBody(b, page(7));
    expect(b.innerHTML).toBe(page(7));
    expect(b.querySelector('#p0')).toBe(first);
    morphBody(b, page(3));
    expect(b.innerHTML).toBe(page(3));
    expect(b.querySelector('#p0')).toBe(first);
    expect(last!.isConnected).toBe(false);
  });

  it('replaces an element whose tag or attributes changed', () => {
    const b = body('<p class="a">x</p><h2 id="one">Title</h2>');
    const p = b.firstElementChild;
    morphBody(b, '<p class="b">x</p><h3 id="one">Title</h3>');
    expect(b.innerHTML).toBe('<p class="b">x</p><h3 id="one">Title</h3>');
    expect(b.firstElementChild).not.toBe(p);
  });

  it('handles several separate changes and mixed text and markup', () => {
    const before = '<p>One <em>two</em> three</p><p>Four</p><p>Five <a href="/x">six</a></p>';
    const after = '<p>One <strong>two</strong> three!</p><p>Four</p><p>Five <a href="/y">six</a> seven</p>';
    const b = body(before);
    morphBody(b, after);
    expect(b.innerHTML).toBe(after);
    morphBody(b, '');
    expect(b.innerHTML).toBe('');
    morphBody(b, before);
    expect(b.innerHTML).toBe(before);
  });

  it('patches inside the elements of another window (the preview frame)', () => {
    const frame = document.createElement('iframe');
    document.body.replaceChildren(frame);
    const doc = frame.contentDocument!;
    doc.body.innerHTML = page(20);
    const typed = doc.querySelector('#p12');
    morphBody(doc.body, page(20, [12, ' typed']));
    expect(doc.body.innerHTML).toBe(page(20, [12, ' typed']));
    expect(doc.querySelector('#p12')).toBe(typed);
  });

  it('always ends with exactly the new markup over many random edits', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pieces = ['<p>a</p>', '<p>b <em>c</em></p>', 'text', '<ul><li>x</li><li>y</li></ul>', '<blockquote><p>q</p></blockquote>', '<h2 id="h">H</h2>'];
    const b = body('');
    for (let round = 0; round < 200; round++) {
      const html = Array.from({ length: rnd(8) }, () => pieces[rnd(pieces.length)]).join('');
      morphBody(b, html);
      expect(b.innerHTML).toBe(html);
    }
  });
});
