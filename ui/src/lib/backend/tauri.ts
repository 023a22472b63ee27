// The Backend over Tauri's IPC, through the generated client. Only this module and the
// generated client import @tauri-apps/*.

import { getCurrentWindow } from '@tauri-apps/api/window';
import type { Backend } from './backend';
import { client, tauriTransport } from './client';
import type { Progress } from './types';

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const c = client(tauriTransport);

/** Runs long work numbered `task`, asking the core how far it has got until it ends. */
async function withProgress<T>(task: number, work: Promise<T>, onProgress?: (p: Progress) => void): Promise<T> {
  let running = true;
  const poll = async () => {
    while (running) {
      const p = await c.taskProgress({ task }).catch(() => null);
      if (running && p) onProgress?.(p);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  void poll();
  try {
    return await work;
  } finally {
    running = false;
  }
}

export const tauriBackend: Backend = {
  appInfo: () => c.appInfo(),
  signIn: (name) => c.signIn({ name }),
  personAdd: (name, roles, sections) => c.personAdd({ name, roles, sections }),
  demoSeed: () => c.demoSeed(),
  board: () => c.board(),
  search: (query, limit) => c.search({ query, limit }),
  pieceGet: (id) => c.pieceGet({ id }),
  pieceNew: (spec) => c.pieceNew(spec),
  pieceSave: (id, content, base, note) => c.pieceSave({ id, content, base, note }),
  preview: (id, content, view, width) => c.preview({ id, content, view, width }),
  movesOffered: (id) => c.movesOffered({ id }),
  pieceMove: (id, to, note) => c.pieceMove({ id, to, note }),
  pieceSchedule: (id, wall, zone) => c.pieceSchedule({ id, wall, zone }),
  calendar: (from, to) => c.calendar({ from, to }),
  history: (id) => c.history({ id }),
  diffWords: (id, a, b) => c.diffWords({ id, a, b }),
  restoreRevision: (id, number, base) => c.restoreRevision({ id, number, base }),
  publishDue: (at) => c.publishDue({ at }),
  importFiles: (paths, task = 0, onProgress) => withProgress(task, c.importFiles({ paths, task }), onProgress),
  siteBuild: (out, task = 0, onProgress) => withProgress(task, c.siteBuild({ out, task }), onProgress),
  cancelTask: async (task) => {
    await c.taskCancel({ task });
  },
};

/**
 * Runs `beforeClose` (the UI saves what is unsaved) when the window is asked to close, then lets
 * it close: Tauri destroys the window once the handler returns. The capability file grants just
 * this (listen to the event, destroy the window).
 */
export function onCloseRequested(beforeClose: () => Promise<void>): Promise<() => void> {
  return getCurrentWindow().onCloseRequested(async () => {
    await beforeClose();
  });
}
