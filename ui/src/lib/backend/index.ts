// The backend the app uses: Tauri's IPC inside the desktop app, else the in-memory desk (a plain
// browser: `npm run dev`). In a browser, `?empty` starts with an empty desk (the first start with
// its demo offer), `?people=Ed:editor+admin,Wren:writer` puts people on it, and `?as=NAME` signs
// in at once.

import type { Backend } from './backend';
import type { Role } from './types';
import { MockBackend } from './mock';
import { isTauri, onCloseRequested, tauriBackend } from './tauri';

export { BackendError } from './backend';
export type { AppInfo, Backend } from './backend';

function browserBackend(): Backend {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  const mock = params.has('empty') ? new MockBackend({ latencyMs: 2, stepMs: 120 }) : MockBackend.demo({ latencyMs: 2, stepMs: 120 });
  const people = params.get('people');
  if (people)
    mock.addPeople(
      people.split(',').map((p) => {
        const [name, roles = 'writer', sections = ''] = p.split(':');
        return [name, roles.split('+') as Role[], sections ? sections.split('+') : []];
      }),
    );
  const as = params.get('as');
  if (as) void mock.signIn(as).catch(() => {});
  // For poking at the desk from the dev tools (another window saving, say); not in builds.
  if (import.meta.env.DEV) (globalThis as { galleyMock?: MockBackend }).galleyMock = mock;
  return mock;
}

export const backend: Backend = isTauri() ? tauriBackend : browserBackend();

/**
 * Saves before the window goes. In the app, Tauri's close request waits for `flush` (at most
 * `limitMs`, so a stuck save cannot keep the window open). Everywhere, a hidden page (the window
 * minimised, the browser tab switched) flushes too, and a browser's unload starts a flush it
 * cannot wait for. Returns a function that stops listening.
 */
export function whenClosing(flush: () => Promise<void>, limitMs = 4000): () => void {
  const bounded = () => Promise.race([flush(), new Promise<void>((r) => setTimeout(r, limitMs))]);
  const hidden = () => document.visibilityState === 'hidden' && void flush();
  const unload = () => void flush();
  document.addEventListener('visibilitychange', hidden);
  window.addEventListener('pagehide', unload);
  window.addEventListener('beforeunload', unload);
  const tauri = isTauri() ? onCloseRequested(bounded).catch(() => () => {}) : null;
  return () => {
    document.removeEventListener('visibilitychange', hidden);
    window.removeEventListener('pagehide', unload);
    window.removeEventListener('beforeunload', unload);
    void tauri?.then((stop) => stop());
  };
}
