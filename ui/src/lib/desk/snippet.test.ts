import { describe, expect, it } from 'vitest';
import { snippetHtml } from './snippet';

describe('search snippets', () => {
  it('marks the hit runs', () => {
    expect(snippetHtml([{ text: 'shot by Michael ', hit: false }, { text: 'Mann', hit: true }, { text: ' at night', hit: false }])).toBe(
      'shot by Michael <mark>Mann</mark> at night',
    );
  });

  it('escapes markup in plain and hit runs alike', () => {
    const html = snippetHtml([
      { text: '<img src=x onerror=alert(1)> & ', hit: false },
      { text: '<script>"x"</script>', hit: true },
    ]);
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; <mark>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</mark>');
    expect(html).not.toMatch(/<(img|script)/);
  });
});
