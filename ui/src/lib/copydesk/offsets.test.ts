import { describe, expect, it } from 'vitest';
import { toChars, toUnits } from './offsets';

describe('places in characters and in UTF-16', () => {
  it('are the same in text without astral characters', () => {
    expect(toUnits('Café au lait', 5)).toBe(5);
    expect(toChars('Café au lait', 5)).toBe(5);
  });
  it('count an emoji as one character and two units', () => {
    const t = 'A 🎬 film by 𠮷田';
    const word = 'film';
    const u = t.indexOf(word);
    expect(u).toBe(5);
    expect(toChars(t, u)).toBe(4);
    expect(toUnits(t, 4)).toBe(5);
    expect(toUnits(t, toChars(t, t.length))).toBe(t.length);
    expect(t.slice(toUnits(t, 12), toUnits(t, 14))).toBe('𠮷田');
  });
});
