// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveDesk } from '../testing/desk';
import AboutDialog from './AboutDialog.svelte';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('about Galley', () => {
  it('shows the core’s version and the desk file it serves', async () => {
    const desk = await serveDesk();
    const app = mount(AboutDialog, { target: document.body, props: { open: true, backend: desk.client, onclose: () => {} } });
    await vi.waitFor(() => {
      flushSync();
      expect(document.querySelector('[data-testid="about-version"]')).not.toBeNull();
    });
    const text = document.querySelector('[data-testid="about"]')!.textContent!;
    expect(document.querySelector('[data-testid="about-version"]')!.textContent).toMatch(/^\d+\.\d+\.\d+$/);
    expect(text).toContain(desk.db);
    expect(text, 'galley serve writes its log to stderr only').toContain('none: this window writes no log');
    unmount(app);
  });
});
