// The Backend over Tauri's IPC. The only module of the UI that imports @tauri-apps/*.

import { Channel, invoke } from '@tauri-apps/api/core';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { BackendError, type Backend } from './backend';
import type { ErrorCode, Progress } from './types';

function channel(onProgress?: (p: Progress) => void): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = (p) => onProgress?.(p);
  return c;
}

async function call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    const err = e as { code?: ErrorCode; message?: string };
    throw new BackendError(err.code ?? 'storage', err.message ?? String(e));
  }
}

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export const tauriBackend: Backend = {
  appInfo: () => call('app_info'),
  signIn: (name) => call('sign_in', { name }),
  personAdd: (name, roles, sections) => call('person_add', { name, roles, sections }),
  demoSeed: () => call('demo_seed'),
  board: () => call('board'),
  search: (query, limit) => call('search', { query, limit }),
  pieceGet: (id) => call('piece_get', { id }),
  pieceNew: (spec) => call('piece_new', { new: spec }),
  pieceSave: (id, content, base, note) => call('piece_save', { id, content, base, note }),
  preview: (id, content, view, width) => call('preview', { id, content, view, width }),
  movesOffered: (id) => call('moves_offered', { id }),
  pieceMove: (id, to, note) => call('piece_move', { id, to, note }),
  pieceSchedule: (id, wall, zone) => call('piece_schedule', { id, wall, zone }),
  calendar: (from, to) => call('calendar', { from, to }),
  history: (id) => call('history', { id }),
  diffWords: (id, a, b) => call('diff_words', { id, a, b }),
  restoreRevision: (id, number, base) => call('restore_revision', { id, number, base }),
  publishDue: (at) => call('publish_due', { at }),
  importFiles: (paths, task = 0, onProgress) => call('import_files', { paths, task, onProgress: channel(onProgress) }),
  siteBuild: (out, task = 0, onProgress) => call('site_build', { out, task, onProgress: channel(onProgress) }),
  cancelTask: (task) => call('task_cancel', { task }),
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
