// Puts text from outside into the editor as one minimal change, marked as not the user's typing
// (no undo step of its own merged with theirs, and the editor does not report it back as an edit).

import { Annotation } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { minimalChange } from './change';

/** Set on transactions that carry text from outside; listeners skip them. */
export const externalText = Annotation.define<boolean>();

export function setText(view: EditorView, text: string): void {
  const change = minimalChange(view.state.doc.toString(), text);
  if (!change) return;
  view.dispatch({ changes: change, annotations: externalText.of(true) });
}
