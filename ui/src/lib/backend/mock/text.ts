// Text work the in-memory desk does as the core would: slugs, word counts, the piece file as
// text (for diffs), a word-level diff, and search with highlighted snippets.

import type { Content, DiffRun, Run, Subject } from '../types';

export function slugify(headline: string): string {
  return headline
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Words in the body and the list's blurbs, as the core counts them. */
export function contentWords(c: Content): number {
  const texts = [c.body, ...(c.list?.entries ?? []).map((e) => e.blurb ?? '')];
  return texts.reduce((n, t) => n + t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length, 0);
}

export function subjectTitle(s: Subject): string | null {
  return s.title;
}

/** Every name and title in the fact box, for search. */
export function subjectText(s: Subject): string {
  const parts: (string | null | undefined)[] = [s.title];
  for (const [k, v] of Object.entries(s)) {
    if (k === 'title' || k === 'medium' || k === 'releases') continue;
    if (Array.isArray(v)) parts.push(...(v as string[]));
    else if (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) parts.push(v);
  }
  return parts.filter(Boolean).join(' · ');
}

function yamlScalar(v: string): string {
  return /^[\w .,'’-]*$/u.test(v) && v.trim() === v && v !== '' ? v : JSON.stringify(v);
}

/** The piece file (front matter and body), near enough to the core's for word diffs. */
export function pieceFileText(c: Content): string {
  const out: string[] = ['---', `kind: ${c.kind}`, `section: ${yamlScalar(c.section)}`, `headline: ${yamlScalar(c.headline)}`];
  if (c.dek) out.push(`dek: ${yamlScalar(c.dek)}`);
  if (c.slug) out.push(`slug: ${c.slug}`);
  out.push(`bylines: [${c.bylines.join(', ')}]`);
  if (c.tags.length) out.push(`tags: [${c.tags.join(', ')}]`);
  if (c.image) {
    out.push('image:', `  src: ${c.image.src}`);
    for (const k of ['alt', 'caption', 'credit'] as const) if (c.image[k]) out.push(`  ${k}: ${yamlScalar(c.image[k]!)}`);
  }
  if (c.review) {
    out.push('review:');
    for (const [k, v] of Object.entries(c.review.subject)) {
      if (v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (k === 'releases') {
        out.push('  releases:');
        for (const r of v as { region: string; date: string; note: string | null }[])
          out.push(`    - {region: ${r.region}, date: ${r.date}${r.note ? `, note: ${r.note}` : ''}}`);
      } else if (Array.isArray(v)) out.push(`  ${k}: [${v.join(', ')}]`);
      else out.push(`  ${k}: ${yamlScalar(String(v))}`);
    }
    if (c.review.score != null) out.push(`  score: ${c.review.score}`);
  }
  if (c.list) {
    out.push('list:', `  item: ${c.list.item}`, `  order: ${c.list.order}`, `  page_size: ${c.list.page_size}`, '  entries:');
    for (const e of c.list.entries) {
      out.push(`    - rank: ${e.rank}`);
      for (const k of ['creator', 'title', 'contributor', 'blurb', 'link'] as const) if (e[k]) out.push(`      ${k}: ${yamlScalar(e[k]!)}`);
    }
  }
  out.push('---', c.body);
  return out.join('\n');
}

/** Words and the whitespace between them, as the diff compares them. */
function tokens(s: string): string[] {
  return s.match(/\s+|[^\s]+/g) ?? [];
}

/**
 * A word-level diff: common prefix and suffix first, then the longest common subsequence of the
 * middle (or, past a size where that is too slow, the middle as one removal and one addition).
 */
export function diffWords(a: string, b: string): DiffRun[] {
  const x = tokens(a);
  const y = tokens(b);
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const xm = x.slice(pre, x.length - suf);
  const ym = y.slice(pre, y.length - suf);
  const ops: [DiffRun['change'], string][] = x.slice(0, pre).map((t) => ['same', t]);
  if (xm.length * ym.length > 4_000_000) {
    for (const t of xm) ops.push(['removed', t]);
    for (const t of ym) ops.push(['added', t]);
  } else {
    const n = xm.length;
    const m = ym.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--) lcs[i][j] = xm[i] === ym[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && xm[i] === ym[j]) {
        ops.push(['same', xm[i]]);
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) ops.push(['added', ym[j++]]);
      else ops.push(['removed', xm[i++]]);
    }
  }
  for (const t of x.slice(x.length - suf)) ops.push(['same', t]);
  const runs: DiffRun[] = [];
  for (const [change, text] of ops) {
    const last = runs.at(-1);
    if (last && last.change === change) last.text += text;
    else runs.push({ change, text });
  }
  return runs;
}

/** The searchable fields of a piece and their weights (a headline word counts ten body words). */
export function searchFields(c: Content): [string, number][] {
  return [
    [c.headline, 10],
    [c.dek, 4],
    [c.body, 1],
    [[...c.bylines, ...c.tags, c.review ? subjectText(c.review.subject) : ''].join(' · '), 5],
    [(c.list?.entries ?? []).map((e) => [e.creator, e.title, e.contributor, e.blurb].filter(Boolean).join(' · ')).join('\n'), 2],
  ];
}

/** The query's words, lowercased; the last also matches as a prefix (it may be half typed). */
export function queryTerms(q: string): { words: string[]; prefix: string | null } {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return { words: words.slice(0, -1), prefix: words.at(-1) ?? null };
}

function matches(word: string, terms: { words: string[]; prefix: string | null }): boolean {
  const w = word.toLowerCase();
  return terms.words.includes(w) || (terms.prefix !== null && w.startsWith(terms.prefix));
}

/** How well `c` matches: weighted hits (0 when some term is not found at all). */
export function scoreContent(c: Content, terms: { words: string[]; prefix: string | null }): number {
  const all = [...terms.words, ...(terms.prefix ? [terms.prefix] : [])];
  let score = 0;
  const found = new Set<string>();
  for (const [text, weight] of searchFields(c)) {
    for (const w of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
      const lw = w.toLowerCase();
      for (const t of all) {
        const hit = t === terms.prefix ? lw.startsWith(t) : lw === t;
        if (hit) {
          found.add(t);
          score += weight;
        }
      }
    }
  }
  return all.every((t) => found.has(t)) ? score : 0;
}

/** About a dozen words around the first hit in the best field, with the hits marked. */
export function snippet(c: Content, terms: { words: string[]; prefix: string | null }): Run[] {
  const fields = searchFields(c).map(([t]) => t);
  const order = [2, 1, 4, 3, 0];
  for (const f of order) {
    const parts = fields[f].split(/([\p{L}\p{N}]+)/u);
    const idx = parts.findIndex((p, i) => i % 2 === 1 && matches(p, terms));
    if (idx < 0) continue;
    const from = Math.max(0, idx - 12);
    const to = Math.min(parts.length, idx + 16);
    const runs: Run[] = [];
    const push = (text: string, hit: boolean) => {
      const last = runs.at(-1);
      if (last && last.hit === hit) last.text += text;
      else runs.push({ text, hit });
    };
    if (from > 0) push('…', false);
    for (let i = from; i < to; i++) push(parts[i].replace(/\s+/g, ' '), i % 2 === 1 && matches(parts[i], terms));
    if (to < parts.length) push('…', false);
    return runs;
  }
  return [{ text: c.dek || c.headline, hit: false }];
}
