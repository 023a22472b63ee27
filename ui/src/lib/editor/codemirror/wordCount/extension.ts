// The live word count: a state field kept up to date line by line (see `count.ts`), and a
// listener that tells the editor component when it changes.

import { StateField, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { countWords, recount } from './count';


export const wordCountField = StateField.define<number>({
  create: (state) => countWords(state.doc.toString()),
  update(count, tr) {
    if (!tr.docChanged) return count;
    const before: string[] = [];
    const after: string[] = [];
    // Changed ranges may share lines; count each touched line once on each side.
    const oldLines = new Set<number>();
    const newLines = new Set<number>();
    tr.changes.iterChangedRanges((fromA, toA, fromB, toB) => {
      for (let n = tr.startState.doc.lineAt(fromA).number, l = tr.startState.doc.lineAt(toA).number; n <= l; n++) oldLines.add(n);
      for (let n = tr.state.doc.lineAt(fromB).number, l = tr.state.doc.lineAt(toB).number; n <= l; n++) newLines.add(n);
    });
    for (const n of oldLines) before.push(tr.startState.doc.line(n).text);
    for (const n of newLines) after.push(tr.state.doc.line(n).text);
    return recount(count, before, after);
  },
});

/** Counts words in the document and calls `onCount` whenever the number changes. */
export function wordCount(onCount: (words: number) => void): Extension {
  let last = -1;
  return [
    wordCountField,
    EditorView.updateListener.of((u) => {
      const n = u.state.field(wordCountField);
      if (n !== last) {
        last = n;
        onCount(n);
      }
    }),
  ];
}

