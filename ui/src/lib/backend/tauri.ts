// What the UI needs of the desktop shell besides its commands (those go through the generated
// client's `tauriTransport`). Only this module and the generated client import @tauri-apps/*.

import { getCurrentWindow } from '@tauri-apps/api/window';

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

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
