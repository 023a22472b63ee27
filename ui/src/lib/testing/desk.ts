/// <reference types="node" />
// A real desk for the UI's tests: `galley serve --port 0` on a fresh desk file in a temporary
// folder, and the generated client over HTTP to it. Nothing in the UI's tests imitates the core.
//
// The binary is `target/debug/galley` at the repository's root (`./test` builds it first);
// GALLEY_BIN names another. Every desk started is stopped, and its folder removed, when the
// test that started it finishes (or, if started outside a test, after the file); a worker that
// dies without cleaning up still ends its desks, which stop when their standard input closes.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, onTestFinished } from 'vitest';
import { request as httpRequest } from 'node:http';
import { BackendError, client, type Client, type Transport } from '../backend/client';

export type DeskOptions = {
  /** Start the desk's clock here (RFC 3339); it runs on from there. */
  now?: string;
  /** Fill the desk with the demo magazine (`demo_seed`). */
  demo?: boolean;
  /** Sign in as this person once the desk is filled. */
  as?: string;
  /** Serve this desk file (made elsewhere, say by `sharedDesks`) instead of a fresh one; its
   * folder is left for its maker to remove. */
  db?: string;
};

export type TestDesk = {
  client: Client;
  /** `http://127.0.0.1:PORT` */
  url: string;
  token: string;
  /** The temporary folder the desk file is in; tests may write their files here too. */
  dir: string;
  /** The desk file. */
  db: string;
  stop(): Promise<void>;
};

// The real timers, taken before any test fakes them: the desk's own deadlines always run.
const { setTimeout: later, clearTimeout: unlater } = globalThis;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The `galley` binary the tests run: GALLEY_BIN, else the repository's debug build. */
export function galleyBin(): string {
  const bin = process.env.GALLEY_BIN || join(ROOT, 'target', 'debug', 'galley');
  if (!existsSync(bin)) throw new Error(`no galley binary at ${bin}: run \`cargo build -p galley --bin galley\` at the repository's root, or set GALLEY_BIN`);
  return bin;
}

// The shell runs galley, says its process id, and stops it when the shell's standard input
// closes: when the desk is stopped, and also when the test worker goes without stopping it.
const GUARD = '"$0" "$@" <&- & pid=$!; echo "galley pid $pid" >&2; read -r _; kill "$pid" 2>/dev/null; wait "$pid"';

type Live = { child: ChildProcess; dir: string | null; exited: Promise<void>; pid: () => number | null };
const live = new Set<Live>();

function kill(d: Live): void {
  for (const pid of [d.pid(), d.child.pid]) {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

async function end(d: Live): Promise<void> {
  if (!live.delete(d)) return;
  d.child.stdin?.end();
  const late = later(() => kill(d), 3000);
  await d.exited;
  unlater(late);
  if (d.dir) rmSync(d.dir, { recursive: true, force: true });
}

/** Stops every desk still running. */
export async function stopAllDesks(): Promise<void> {
  await Promise.all([...live].map(end));
}

afterAll(stopAllDesks);
process.once('exit', () => {
  for (const d of live) {
    kill(d);
    if (d.dir) rmSync(d.dir, { recursive: true, force: true });
  }
});

/** Starts a desk on a fresh file; see `DeskOptions`. */
/**
 * `galley serve`'s HTTP API as the app's `httpTransport` speaks it, over node's own http module
 * and a connection per request. Not `fetch`: node's fetch (undici) runs its connections on the
 * global timers, which a test fakes to drive a controller's clock, and then a request now and
 * again never goes out. (`httpTransport` itself has its own tests, in `client.test.ts`.)
 */
function nodeTransport(base: string, token: string): Transport {
  return (command, req) =>
    new Promise((ok, fail) => {
      const body = JSON.stringify(req ?? {});
      const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` };
      const r = httpRequest(`${base}/api/${command}`, { method: 'POST', agent: false, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const parsed = text ? JSON.parse(text) : null;
          if ((res.statusCode ?? 500) < 300) return ok(parsed);
          fail(new BackendError(parsed?.code ?? 'storage', parsed?.message ?? `${res.statusCode} ${res.statusMessage}`));
        });
      });
      r.on('error', (e) => fail(new BackendError('storage', `cannot reach the desk at ${base}: ${String(e)}`)));
      r.end(body);
    });
}

export async function serveDesk(opts: DeskOptions = {}): Promise<TestDesk> {
  const bin = galleyBin();
  const dir = opts.db ? dirname(opts.db) : mkdtempSync(join(tmpdir(), 'galley-ui-test-'));
  const db = opts.db ?? join(dir, 'desk.galley');
  const args = ['--db', db, 'serve', '--port', '0', ...(opts.now ? ['--now', opts.now] : [])];
  // The desk file and the person acting come from the arguments, never from the environment.
  const env = { ...process.env };
  delete env.GALLEY_DB;
  delete env.GALLEY_AS;
  const child = spawn('sh', ['-c', GUARD, bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const d: Live = { child, dir: opts.db ? null : dir, exited, pid: () => Number(/^galley pid (\d+)$/m.exec(stderr)?.[1]) || null };
  live.add(d);
  try {
    onTestFinished(() => end(d));
  } catch {
    // Started outside a test (in beforeAll, say): stopped after the file.
  }

  const [token, url] = await new Promise<[string, string]>((ok, fail) => {
    let out = '';
    const failed = (why: string) => fail(new Error(`galley serve did not start (${why}): ${bin} ${args.join(' ')}\n${stderr}`));
    const timer = later(() => failed('no address within 10 s'), 10_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const lines = out.split('\n');
      if (lines.length < 3) return;
      const m = /^serving .* on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[1]);
      unlater(timer);
      if (m) ok([lines[0].trim(), m[1]]);
      else failed(`unexpected output ${JSON.stringify(out)}`);
    });
    child.once('exit', (code) => {
      unlater(timer);
      failed(`exited with ${code}`);
    });
  }).catch(async (e) => {
    await end(d);
    throw e;
  });

  const c = client(nodeTransport(url, token));
  if (opts.demo) await c.demoSeed();
  if (opts.as) await c.signIn({ name: opts.as });
  return { client: c, url, token, dir, db, stop: () => end(d) };
}

export type SharedPerson = { name: string; roles: string[]; sections?: string[] };

export type SharedDesks = {
  /** The shared desk: a bare repository at a local path, made by `galley server init`. */
  server: string;
  /** Each served person's own desk, joined from the shared one and served, signed in as them. */
  desks: Record<string, TestDesk>;
  /** Runs the `galley` CLI (the way a second person or the server would), failing on an error. */
  galley(args: string[]): string;
};

/**
 * A shared desk at a local path with `admin` (an editor and admin) and `people` on it, and a
 * desk joined from it and served for each name in `serve`. At a local path the desk names its
 * own person to the server's hook (over ssh the server does); the hook and its rules are the
 * real ones. Everything is removed when the test finishes.
 */
export async function sharedDesks(opts: { admin: string; people: SharedPerson[]; serve: string[]; zone?: string }): Promise<SharedDesks> {
  const bin = galleyBin();
  const dir = mkdtempSync(join(tmpdir(), 'galley-ui-shared-'));
  const env = { ...process.env };
  delete env.GALLEY_DB;
  delete env.GALLEY_AS;
  delete env.GALLEY_PUSHER;
  const galley = (args: string[]): string => {
    try {
      return execFileSync(bin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: string; status?: number };
      throw new Error(`galley ${args.join(' ')} exited with ${err.status}: ${err.stderr ?? e}`);
    }
  };
  const server = join(dir, 'desk.git');
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(async () => {
      await Promise.all(Object.values(desks).map((d) => d.stop()));
      cleanup();
    });
  } catch {
    afterAll(cleanup);
  }
  const desks: Record<string, TestDesk> = {};
  galley(['server', 'init', server, '--admin', opts.admin, ...(opts.zone ? ['--zone', opts.zone] : [])]);
  const deskOf = (name: string) => join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '-')}.galley`);
  galley(['join', server, '--db', deskOf(opts.admin), '--as', opts.admin]);
  for (const p of opts.people) {
    const roles = p.roles.join(',');
    const sections = (p.sections ?? []).flatMap((s) => ['--section', s]);
    galley(['--db', deskOf(opts.admin), '--as', opts.admin, 'person', 'add', p.name, '--role', roles, ...sections]);
  }
  if (opts.people.length) galley(['--db', deskOf(opts.admin), '--as', opts.admin, 'sync']);
  for (const name of opts.serve) {
    if (name !== opts.admin) galley(['join', server, '--db', deskOf(name), '--as', name]);
    desks[name] = await serveDesk({ db: deskOf(name) });
  }
  return { server, desks, galley };
}

/** The demo desk (Ed Marsh, Cora Lind, Wren Adair, Sam Ortiz and their ten pieces). */
export function demoDesk(opts: Omit<DeskOptions, 'demo'> = {}): Promise<TestDesk> {
  return serveDesk({ ...opts, demo: true });
}

/** The refusal a promise ends in (it must end in one). */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}
