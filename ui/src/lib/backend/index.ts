// The backend the app uses: the generated client, over Tauri's IPC inside the desktop app, else
// over HTTP to `galley serve` (a plain browser). In a browser the page's address carries the
// host's token (`#token=TOKEN` or `?token=TOKEN`) and the commands go to the page's own origin,
// where the Vite dev server forwards `/api` to the host (see vite.config.ts):
//
//     galley --db desk.galley serve              # prints the token, serves on 127.0.0.1:7878
//     npm --prefix ui run dev                    # then open http://localhost:5173/#token=TOKEN

import type { Backend } from './backend';
import { BackendError, client, httpTransport, tauriTransport, type Transport } from './client';
import { isTauri, onCloseRequested } from './tauri';

export { BackendError } from './backend';
export type { AppInfo, Backend } from './backend';

type Place = { origin: string; pathname: string; hash: string; search: string };

/** Where the browser's desk is: the page's own origin, and the token from its address. */
export function deskAddress(place: Place): { base: string; token: string | null } {
  const hash = new URLSearchParams(place.hash.replace(/^#/, ''));
  const query = new URLSearchParams(place.search);
  return { base: place.origin, token: hash.get('token')?.trim() || query.get('token')?.trim() || null };
}

/** The transport of a plain browser: `galley serve` at the page's origin, with the address's token. */
export function browserTransport(place: Place): Transport {
  const { base, token } = deskAddress(place);
  if (token) return httpTransport(base, token);
  const page = `${place.origin}${place.pathname}`;
  return async () => {
    throw new BackendError('refused', `this page needs the desk's token: run \`galley serve\` and open ${page}#token=TOKEN with the token it printed`);
  };
}

const nowhere: Place = { origin: '', pathname: '/', hash: '', search: '' };

export const backend: Backend = client(isTauri() ? tauriTransport : browserTransport(globalThis.location ?? nowhere));

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
