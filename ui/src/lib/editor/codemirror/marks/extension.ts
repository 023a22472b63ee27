// The copy desk's marks in the body: queries highlighted on their words, suggestions drawn
// struck through and inserted, house-style findings underlined. The marks come from the core
// (places in characters, converted to the editor's units by the caller) and, between the
// core's answers, CodeMirror maps them through every edit, so a marker stays on its words while
// someone types around it; the next save has the core re-anchor them for good.
//
// A click on a marker names it (`onpick`), so its card in the margin can be shown; the card's
// own click selects the marker (`setPicked`).

import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

export type MarkKind = 'query' | 'moved' | 'deleted' | 'inserted' | 'finding';

/** One mark, in the editor's units. `text` is an insertion's words, drawn at `from`. */
export type DrawnMark = { id: string; kind: MarkKind; from: number; to: number; text?: string; title?: string };

export const setMarks = StateEffect.define<{ marks: DrawnMark[]; picked: string | null }>();

class Inserted extends WidgetType {
  constructor(
    readonly text: string,
    readonly id: string,
    readonly kind: MarkKind,
    readonly title: string,
    readonly picked: boolean,
  ) {
    super();
  }
  eq(o: Inserted): boolean {
    return o.text === this.text && o.id === this.id && o.kind === this.kind && o.picked === this.picked && o.title === this.title;
  }
  toDOM(): HTMLElement {
    const el = document.createElement(this.kind === 'inserted' ? 'ins' : 'del');
    el.className = `cm-sugg cm-sugg-${this.kind}${this.picked ? ' cm-picked' : ''}`;
    el.textContent = this.text;
    el.dataset.mark = this.id;
    el.title = this.title;
    return el;
  }
  ignoreEvent(): boolean {
    return false;
  }
}

function build(doc: { length: number }, marks: DrawnMark[], picked: string | null): DecorationSet {
  const ranges = marks
    .filter((m) => m.from >= 0 && m.to <= doc.length && m.from <= m.to)
    .map((m) => {
      const on = m.id === picked;
      const attrs = { 'data-mark': m.id, title: m.title ?? '' };
      if (m.text !== undefined) {
        // An insertion's words (or, in suggesting mode, a deletion's) drawn where they would go.
        const side = m.kind === 'deleted' ? -1 : 1;
        return { from: m.from, to: m.from, side, deco: Decoration.widget({ widget: new Inserted(m.text, m.id, m.kind, m.title ?? '', on), side }) };
      }
      const cls = `cm-mark cm-mark-${m.kind}${on ? ' cm-picked' : ''}`;
      return { from: m.from, to: m.to, side: 0, deco: Decoration.mark({ class: cls, attributes: attrs }) };
    })
    .filter((r) => r.from < r.to || r.deco.spec.widget);
  return Decoration.set(
    ranges.map((r) => r.deco.range(r.from, r.to)),
    true,
  );
}

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarks)) next = build(tr.state.doc, e.value.marks, e.value.picked);
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Where each mark is now, mapped through the edits since the core last placed it. */
export function markedRanges(view: EditorView): Map<string, { from: number; to: number }> {
  const out = new Map<string, { from: number; to: number }>();
  view.state.field(field).between(0, view.state.doc.length, (from, to, d) => {
    const id = (d.spec.attributes?.['data-mark'] as string | undefined) ?? (d.spec.widget as Inserted | undefined)?.id;
    if (id && !out.has(id)) out.set(id, { from, to });
  });
  return out;
}

const theme = EditorView.baseTheme({
  '.cm-mark-query, .cm-mark-moved': { backgroundColor: 'rgba(240, 196, 64, 0.28)', borderBottom: '2px solid #d9a21b', cursor: 'pointer' },
  '.cm-mark-moved': { borderBottomStyle: 'dashed' },
  '.cm-mark-deleted': { textDecoration: 'line-through', textDecorationColor: '#b3261e', color: '#8a3b32', backgroundColor: 'rgba(179, 38, 30, 0.07)', cursor: 'pointer' },
  '.cm-mark-inserted': { textDecoration: 'underline', textDecorationColor: '#1e7a46', color: '#17603a', backgroundColor: 'rgba(30, 122, 70, 0.09)', cursor: 'pointer' },
  '.cm-mark-finding': { textDecoration: 'underline wavy', textDecorationColor: '#2f6fd6', textUnderlineOffset: '3px', cursor: 'pointer' },
  '.cm-sugg': { textDecoration: 'none', padding: '0 1px', borderRadius: '2px', cursor: 'pointer' },
  '.cm-sugg-inserted': { color: '#17603a', backgroundColor: 'rgba(30, 122, 70, 0.12)', textDecoration: 'underline', textDecorationColor: '#1e7a46' },
  '.cm-sugg-deleted': { color: '#8a3b32', backgroundColor: 'rgba(179, 38, 30, 0.08)', textDecoration: 'line-through' },
  '.cm-picked': { outline: '2px solid #2f6fd6', outlineOffset: '1px', borderRadius: '2px' },
});

/** The marks' extension; `onpick` hears the id of a marker clicked. */
export function copyMarks(onpick: (id: string) => void): Extension {
  return [
    field,
    theme,
    EditorView.domEventHandlers({
      click(e) {
        const el = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-mark]');
        if (el?.dataset.mark) onpick(el.dataset.mark);
        return false;
      },
    }),
  ];
}
