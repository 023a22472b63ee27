// The one way the UI reaches the desk: the typed client generated from the core's declared
// commands (`client.ts`, do not edit). Inside the desktop app it runs over Tauri's IPC; in a
// plain browser and in the UI's tests, over HTTP to `galley serve` (see `index.ts`).

import type { Client } from './client';

export type * from './types';

export type { AppInfo } from './types';
export { BackendError } from './client';

/** The desk's commands, each taking one request object (`c.pieceSave({ id, content, base, note })`). */
export type Backend = Client;
