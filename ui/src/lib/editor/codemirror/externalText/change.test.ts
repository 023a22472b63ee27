import { describe, expect, it } from 'vitest';
import { minimalChange } from './change';

const apply = (a: string, c: ReturnType<typeof minimalChange>) => (c ? a.slice(0, c.from) + c.insert + a.slice(c.to) : a);

describe('text from outside', () => {
  it('replaces only the differing middle', () => {
    expect(minimalChange('The quick fox.', 'The slow fox.')).toEqual({ from: 4, to: 9, insert: 'slow' });
  });

  it('gives nothing for equal texts', () => {
    expect(minimalChange('same', 'same')).toBeNull();
  });

  it('always turns one text into the other', () => {
    const cases = [
      ['', 'abc'],
      ['abc', ''],
      ['aaa', 'aa'],
      ['abab', 'ab'],
      ['x\ny', 'x\n\ny'],
    ];
    for (const [a, b] of cases) expect(apply(a, minimalChange(a, b)), `${a} -> ${b}`).toBe(b);
  });
});
