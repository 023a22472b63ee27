// When the text arrives from outside the editor (another revision loaded, a restore), replace
// only the part that differs, so the cursor and the scroll place survive where they can.

export type TextChange = { from: number; to: number; insert: string };

/** The smallest single replacement that turns `a` into `b`, or null if they are equal. */
export function minimalChange(a: string, b: string): TextChange | null {
  if (a === b) return null;
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}
