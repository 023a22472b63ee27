// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoDesk } from '../testing/desk';
import { BoardController } from './board.svelte';
import SearchBox from './SearchBox.svelte';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the search box', () => {
  it('lists ranked results with the hits marked and the text escaped', async () => {
    const { client: backend } = await demoDesk({ as: 'Wren Adair' });
    // A piece whose text looks like markup: it must show as text.
    const p = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    await backend.pieceSave({ id: p.id, content: { ...p.content, body: 'A city shot by <b> and Mann at night, <i>mann</i>-ish.' }, base: p.revision, note: null });
    const heat = (await backend.search({ query: 'heat thirty', limit: 1 }))[0];

    const desk = new BoardController(backend, () => null, 10);
    const onopen = vi.fn();
    const app = mount(SearchBox, { target: document.body, props: { desk, onopen } });
    const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
    input.value = 'mann';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(desk.searched).toBe(true));
    flushSync();
    const results = [...document.querySelectorAll<HTMLElement>('[data-testid="search-result"]')];
    expect(results.map((r) => r.dataset.id), 'best first, as the core ranks them').toEqual([heat.id, p.id]);
    expect(results[0].querySelector('.snippet')!.innerHTML).toBe("Michael <mark>Mann</mark>'s Los Angeles crime epic still plays like a city symphony with guns.");
    const snippet = results[1].querySelector('.snippet')!;
    expect(snippet.innerHTML).toBe('A city shot by &lt;b&gt; and <mark>Mann</mark> at night, &lt;i&gt;<mark>mann</mark>&lt;/i&gt;-ish.');
    expect(snippet.querySelector('b, i')).toBeNull();
    results[1].click();
    expect(onopen).toHaveBeenCalledWith(p.id);
    unmount(app);
  });
});
