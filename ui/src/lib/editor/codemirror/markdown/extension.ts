// Markdown as the desk writes it: the language (with GFM tables, strikethrough and footnotes
// parsed by lang-markdown), a calm highlight style in the house palette, and soft wrap.

import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const house = HighlightStyle.define([
  { tag: t.heading1, fontWeight: '700', fontSize: '1.3em' },
  { tag: t.heading2, fontWeight: '700', fontSize: '1.15em' },
  { tag: [t.heading3, t.heading4, t.heading5, t.heading6], fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: t.link, color: 'var(--accent)' },
  { tag: t.url, color: 'var(--muted)' },
  { tag: t.quote, color: '#5b4a2e', fontStyle: 'italic' },
  { tag: t.monospace, fontFamily: 'var(--font-mono)', fontSize: '0.9em' },
  { tag: [t.processingInstruction, t.meta, t.comment], color: 'var(--faint)' },
  { tag: t.list, color: 'var(--muted)' },
  { tag: t.contentSeparator, color: 'var(--faint)' },
]);

const paper = EditorView.theme({
  '&': { fontFamily: 'var(--font-serif)', fontSize: '17px', color: 'var(--ink)', backgroundColor: 'transparent' },
  '.cm-scroller': { fontFamily: 'var(--font-serif)', lineHeight: '1.7' },
  '.cm-content': { lineHeight: '1.7', padding: '16px 0 40vh', caretColor: 'var(--ink)', maxWidth: '68ch' },
  '.cm-line': { padding: '0 2px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-cursor': { borderLeftColor: 'var(--ink)', borderLeftWidth: '2px' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: '#dfe6ee !important' },
  '.cm-searchMatch': { backgroundColor: '#f6e7a7', outline: '1px solid #e3cf7a' },
  '.cm-searchMatch-selected': { backgroundColor: '#f0c95b' },
  '.cm-panels': { fontFamily: 'var(--font-ui)', fontSize: '13px', backgroundColor: 'var(--surface-2)', color: 'var(--ink)' },
  '.cm-panels-top': { borderBottom: '1px solid var(--line)' },
  '.cm-panel.cm-search input, .cm-panel.cm-search button': { fontFamily: 'var(--font-ui)', fontSize: '13px' },
  '.cm-placeholder': { color: 'var(--faint)', fontStyle: 'italic' },
});

export function houseMarkdown(): Extension {
  return [markdown({ base: markdownLanguage }), syntaxHighlighting(house), EditorView.lineWrapping, paper];
}
