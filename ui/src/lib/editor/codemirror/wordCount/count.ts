// Words as the core counts them (`Content::word_count`): runs of non-space that hold at least
// one letter or digit, so a dash or a stray `*` is not a word.

const WORDISH = /[\p{L}\p{N}]/u;

export function countWords(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if (w && WORDISH.test(w)) n++;
  return n;
}

/**
 * The count after an edit, from the count before: only the lines the edit touched are counted
 * again (words never span lines), so a keystroke in a 5,000-word body costs one line.
 * `before` and `after` are the touched lines' text in the old and new document.
 */
export function recount(count: number, before: readonly string[], after: readonly string[]): number {
  let n = count;
  for (const t of before) n -= countWords(t);
  for (const t of after) n += countWords(t);
  return n;
}
