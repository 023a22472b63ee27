// The typed client of Galley's declared commands (src/api/commands.rs), generated with the types
// by `cargo test` (src/api/types.rs). Do not edit: run
// `GALLEY_BLESS=1 cargo test --workspace ipc_types` after changing a command.
//
// Two transports carry the same commands: Tauri's IPC inside the desktop app, and `galley serve`
// (JSON over HTTP on 127.0.0.1 with a bearer token) in a browser and in the UI's tests.

import { invoke } from '@tauri-apps/api/core';
import type * as T from './types';
/*IMPORTS*/

/** An error from the desk: branch on `code`, show `message`. */
export class BackendError extends Error {
  constructor(
    public code: T.ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Carries one command and its request to a host, and brings back its response. */
export type Transport = (command: string, request: unknown) => Promise<unknown>;

function asBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  const err = e as { code?: T.ErrorCode; message?: string } | null;
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.message === 'string')
    return new BackendError(err.code, err.message);
  return new BackendError('storage', err && typeof err === 'object' && typeof err.message === 'string' ? err.message : String(e));
}

/** The desktop app's transport: Tauri's IPC. */
export const tauriTransport: Transport = async (command, request) => {
  try {
    return await invoke(command, request as Record<string, unknown>);
  } catch (e) {
    throw asBackendError(e);
  }
};

/** `galley serve`'s transport: `POST {base}/api/COMMAND` with the request as the JSON body. */
export function httpTransport(base: string, token: string): Transport {
  const root = base.replace(/\/$/, '');
  return async (command, request) => {
    let res: Response;
    try {
      res = await fetch(`${root}/api/${command}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
      });
    } catch (e) {
      throw new BackendError('storage', `cannot reach the desk at ${root}: ${String(e)}`);
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    if (!res.ok) throw asBackendError(body ?? { code: 'storage', message: `${res.status} ${res.statusText}` });
    return body;
  };
}

/** The commands, typed, over `call`. */
export function client(call: Transport) {
  return {
