import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { countWords } from './count';
import { wordCountField } from './extension';

describe('word count', () => {
  it('counts words as the core does: punctuation alone is not a word', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('The beauty of life — no matter the level.')).toBe(8);
    expect(countWords('  *  ## Heading\n\n- item one\n')).toBe(3);
    expect(countWords('Björk’s “Jóga”, 1997')).toBe(3);
  });

  it('keeps the count right across edits without counting the whole text again', () => {
    let state = EditorState.create({ doc: 'one two three\nfour five\n\nsix', extensions: [wordCountField] });
    expect(state.field(wordCountField)).toBe(6);
    const edits = [
      { from: 3, to: 3, insert: ' and a half' },
      { from: 0, to: 14, insert: '' },
      { from: 0, to: 0, insert: 'new line here\n\n' },
      { from: 5, to: 20, insert: 'x' },
    ];
    for (const change of edits) {
      state = state.update({ changes: change }).state;
      expect(state.field(wordCountField), JSON.stringify(change)).toBe(countWords(state.doc.toString()));
    }
  });

  it('handles several changes in one transaction touching the same line', () => {
    let state = EditorState.create({ doc: 'alpha beta gamma', extensions: [wordCountField] });
    state = state.update({ changes: [{ from: 0, to: 5, insert: 'a b' }, { from: 11, to: 16, insert: 'c d e' }] }).state;
    expect(state.field(wordCountField)).toBe(countWords(state.doc.toString()));
  });
});
