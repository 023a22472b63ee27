// The in-memory desk's stand-in for the core's renderer: plain, safe HTML with the headline, the
// dek, the fact box, the body and the list entries. Not the house templates: enough to see that
// what is typed reaches the page.

import type { Content, Entry, Piece, View, Width } from '../types';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inline(s: string): string {
  return escapeHtml(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>')
    .replace(/~~(.+?)~~/g, '<del>$1</del>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
}

/** A little Markdown: headings, quotes, lists and paragraphs. */
export function markdown(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((b) => b && b !== '<!--more-->')
    .map((b) => {
      const h = /^(#{1,6})\s+(.*)$/s.exec(b);
      if (h) return `<h${h[1].length + 1}>${inline(h[2])}</h${h[1].length + 1}>`;
      if (b.startsWith('>')) return `<blockquote><p>${inline(b.replace(/^>+\s?/gm, ''))}</p></blockquote>`;
      if (/^[-*] /.test(b)) return `<ul>${b.split('\n').map((l) => `<li>${inline(l.replace(/^[-*] /, ''))}</li>`).join('')}</ul>`;
      return `<p>${inline(b).replace(/\n/g, ' ')}</p>`;
    })
    .join('\n');
}

const STYLE = `
body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:#1d1d1b;background:#fff}
header.site{border-bottom:1px solid #ddd;padding:14px 24px;font:600 15px/1 system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase}
main{max-width:720px;margin:0 auto;padding:32px 24px}
.kicker{font:600 12px/1 system-ui,sans-serif;letter-spacing:.1em;text-transform:uppercase;color:#a33}
h1{font-size:2.2em;line-height:1.15;margin:.3em 0}
.dek{font-size:1.2em;color:#555;margin:0 0 1em}
.byline{font:14px system-ui,sans-serif;color:#555}
.facts{font:14px/1.5 system-ui,sans-serif;border-top:2px solid #1d1d1b;border-bottom:1px solid #ddd;padding:10px 0;margin:1.5em 0}
.facts dt{font-weight:600;display:inline}.facts dd{display:inline;margin:0 0 0 .3em}.facts div{margin:2px 0}
.entry h3{font-size:1.2em;margin:1.4em 0 .2em}.entry .by{font-style:italic;color:#555}
.teaser{border:1px solid #ddd;padding:16px 20px;margin:16px 0}.teaser h2{margin:.2em 0}
.note{font:13px system-ui,sans-serif;color:#777;border-top:1px solid #eee;margin-top:2em;padding-top:8px}
body.phone main{padding:20px 16px}body.phone h1{font-size:1.7em}
`;

function factBox(c: Content): string {
  if (!c.review) return '';
  const rows: string[] = [];
  for (const [k, v] of Object.entries(c.review.subject)) {
    if (k === 'medium' || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    const text =
      k === 'releases'
        ? (v as { region: string; date: string; note: string | null }[]).map((r) => `${r.region} date: ${r.date}${r.note ? ` (${r.note})` : ''}`).join('; ')
        : Array.isArray(v)
          ? v.join(', ')
          : String(v);
    rows.push(`<div><dt>${escapeHtml(k[0].toUpperCase() + k.slice(1))}:</dt><dd>${escapeHtml(text)}</dd></div>`);
  }
  if (c.review.score != null) rows.push(`<div><dt>Score:</dt><dd>${c.review.score}/10</dd></div>`);
  return `<dl class="facts">${rows.join('')}</dl>`;
}

function entryHtml(e: Entry): string {
  return `<section class="entry"><h3>${e.rank}. ${escapeHtml(e.creator ?? '')} - “${escapeHtml(e.title ?? '')}”</h3>${markdown(e.blurb ?? '')}${
    e.contributor ? `<p class="by">- ${escapeHtml(e.contributor)}</p>` : ''
  }</section>`;
}

function page(title: string, width: Width, inner: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body class="${width}"><header class="site">The Galley Review</header><main>${inner}<p class="note">Preview by the in-memory desk (browser mode), not the house theme.</p></main></body></html>`;
}

function teaser(c: Content): string {
  const first = c.body.split(/<!--more-->|\n{2,}/)[0] ?? '';
  return `<article class="teaser"><div class="kicker">${escapeHtml(c.section)}</div><h2>${escapeHtml(c.headline)}</h2><p class="dek">${escapeHtml(c.dek)}</p>${markdown(first)}<p class="byline">Keep reading...</p></article>`;
}

/** Renders `piece` with `content` in place of its stored content. Throws a message for a bad view. */
export function renderPreview(piece: Piece, content: Content, view: View, width: Width, published: Piece[]): string {
  const c = content;
  switch (view.view) {
    case 'teaser':
      return page(c.headline, width, teaser(c));
    case 'front':
      return page('Front page', width, [teaser(c), ...published.filter((p) => p.id !== piece.id).slice(0, 20).map((p) => teaser(p.content))].join(''));
    case 'list': {
      if (!c.list) throw new Error('this piece is not a list');
      const size = Math.max(1, c.list.page_size);
      const sorted = [...c.list.entries].sort((a, b) => (c.list!.order === 'countdown' ? b.rank - a.rank : a.rank - b.rank));
      const pages = Math.max(1, Math.ceil(sorted.length / size));
      if (view.page < 1 || view.page > pages) throw new Error(`the list has ${pages} pages; there is no page ${view.page}`);
      const entries = sorted.slice((view.page - 1) * size, view.page * size);
      return page(c.headline, width, `<div class="kicker">${escapeHtml(c.section)} · page ${view.page} of ${pages}</div><h1>${escapeHtml(c.headline)}</h1>${view.page === 1 ? markdown(c.body) : ''}${entries.map(entryHtml).join('')}`);
    }
    case 'article':
    default: {
      const list = c.list ? [...c.list.entries].sort((a, b) => (c.list!.order === 'countdown' ? b.rank - a.rank : a.rank - b.rank)).map(entryHtml).join('') : '';
      const corrections = c.corrections.map((k) => `<p class="note"><strong>Correction:</strong> ${escapeHtml(k.note)}</p>`).join('');
      const img = c.image
        ? `<figure><img src="${escapeHtml(c.image.src)}" alt="${escapeHtml(c.image.alt ?? '')}" style="max-width:100%"><figcaption class="byline">${escapeHtml(c.image.caption ?? '')}${c.image.credit ? ` (${escapeHtml(c.image.credit)})` : ''}</figcaption></figure>`
        : '';
      return page(
        c.headline,
        width,
        `<div class="kicker">${escapeHtml(c.section)}</div><h1>${escapeHtml(c.headline)}</h1><p class="dek">${escapeHtml(c.dek)}</p><p class="byline">By ${escapeHtml(c.bylines.join(' and '))}</p>${img}${factBox(c)}${markdown(c.body)}${list}${corrections}`,
      );
    }
  }
}
