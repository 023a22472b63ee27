// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../backend/mock';
import { BoardController } from './board.svelte';
import SearchBox from './SearchBox.svelte';

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('the search box', () => {
  it('lists ranked results with the hits marked and the text escaped', async () => {
    vi.useFakeTimers();
    const backend = MockBackend.demo();
    vi.spyOn(backend, 'search').mockResolvedValue([
      { id: 'a', kind: 'review', section: 'Film', stage: 'published', headline: 'Heat', score: -3, snippet: [{ text: 'shot by <b>', hit: false }, { text: 'Mann', hit: true }] },
      { id: 'b', kind: 'feature', section: 'Books', stage: 'draft', headline: 'Margins', score: -1, snippet: [{ text: 'mann-ish', hit: true }] },
    ]);
    const desk = new BoardController(backend, () => null, 10);
    const onopen = vi.fn();
    const app = mount(SearchBox, { target: document.body, props: { desk, onopen } });
    const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
    input.value = 'mann';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(20);
    flushSync();
    const results = [...document.querySelectorAll<HTMLElement>('[data-testid="search-result"]')];
    expect(results.map((r) => r.dataset.id)).toEqual(['a', 'b']);
    const snippet = results[0].querySelector('.snippet')!;
    expect(snippet.innerHTML).toBe('shot by &lt;b&gt;<mark>Mann</mark>');
    expect(snippet.querySelector('b')).toBeNull();
    results[1].click();
    expect(onopen).toHaveBeenCalledWith('b');
    unmount(app);
  });
});
