// The core counts places in characters (Unicode scalar values); CodeMirror and the DOM count
// UTF-16 code units. A character outside the Basic Multilingual Plane (an emoji, some CJK) is
// one of the first and two of the second. These convert a place in `text` from one to the other.

/** The UTF-16 offset of character `n` of `text`. */
export function toUnits(text: string, n: number): number {
  let units = 0;
  let chars = 0;
  while (chars < n && units < text.length) {
    const c = text.codePointAt(units)!;
    units += c > 0xffff ? 2 : 1;
    chars++;
  }
  return units;
}

/** The character offset of UTF-16 offset `u` of `text` (a place inside a pair counts as after it). */
export function toChars(text: string, u: number): number {
  let units = 0;
  let chars = 0;
  while (units < u && units < text.length) {
    const c = text.codePointAt(units)!;
    units += c > 0xffff ? 2 : 1;
    chars++;
  }
  return chars;
}
