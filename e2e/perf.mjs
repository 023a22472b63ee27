// Measured in the app (issue 4, item 12): keystroke to preview painted on a 5,000-word review
// (p50, p95 over 100 keystrokes), cold start of the release build to an interactive desk of
// 100,000 pieces, and the app's memory with that desk. Run by e2e/perf.sh; prints the figures.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Session, sleep } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const galley = (db, ...args) => execFileSync(CLI, args, { env: { ...process.env, GALLEY_DB: db }, encoding: 'utf8' });

const hasXdotool = () => {
  try {
    execFileSync('xdotool', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
};

/** Resident memory (MB) of the app and the WebKit processes it started. */
function memoryMb(appName) {
  let total = 0;
  const parents = new Map();
  const names = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      names.set(pid, /^Name:\s+(.*)$/m.exec(status)[1]);
      parents.set(pid, /^PPid:\s+(\d+)$/m.exec(status)[1]);
    } catch {}
  }
  const app = [...names].find(([, n]) => n.startsWith(appName.slice(0, 15)))?.[0];
  if (!app) return null;
  const tree = new Set([app]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (!tree.has(pid) && tree.has(ppid)) (tree.add(pid), (grew = true));
  }
  for (const pid of tree) {
    try {
      const kb = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) total += Number(kb[1]);
    } catch {}
  }
  return { mb: total / 1024, processes: tree.size };
}

async function keystrokes(db) {
  const s = await Session.start(APP);
  try {
    await s.waitFor('the long review', () =>
      s.exec(
        `const c = [...document.querySelectorAll('[data-testid="card"]')].find(c => c.textContent.includes('The Long Review'));
         if (!c) return false; c.click(); return true;`,
      ),
    );
    await s.byTestId('preview-frame');
    await sleep(1500);
    // Time each real keystroke, from its keydown (captured first) to the end of the first
    // rendering update after the preview took a render that includes it (a requestAnimationFrame,
    // then a message: the message runs once that frame's layout and paint are done). The app
    // reports each stage through `__galleyPreviewTrace` (ui/src/lib/editor/trace.ts), which also
    // gives the breakdown: waiting for an earlier render, the IPC round trip with the core's
    // render, patching the frame, its layout, and the wait for and work of the frame.
    await s.exec(`
      const P = (window.__perf = { lat: [], phases: [] });
      let keys = [], requested = [], inflight = null, answered = null, lastRequest = 0;
      document.addEventListener('keydown', () => keys.push(performance.now()), true);
      const frame = document.querySelector('[data-testid="preview-frame"]');
      window.__galleyPreviewTrace = (phase) => {
        const t = performance.now();
        if (phase === 'request') { requested.push(...keys); keys = []; lastRequest = t; }
        else if (phase === 'sent') { inflight = { keys: requested, sent: t, requested: lastRequest }; requested = []; }
        else if (phase === 'answered') { answered = inflight && { ...inflight, answered: t }; inflight = null; }
        else if (answered) {
          const r = answered; answered = null;
          r.patched = t;
          try { void frame.contentDocument.body.offsetHeight; } catch {}
          r.laidOut = performance.now();
          requestAnimationFrame(() => {
            r.raf = performance.now();
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              const done = performance.now();
              if (!r.keys.length) return;
              for (const k of r.keys) P.lat.push(done - k);
              P.phases.push({ keys: r.keys.length, input: r.requested - Math.min(...r.keys), wait: r.sent - r.requested, ipc: r.answered - r.sent,
                patch: r.patched - r.answered, layout: r.laidOut - r.patched, toFrame: r.raf - r.laidOut, frame: done - r.raf });
            };
            ch.port2.postMessage(0);
          });
        }
      };
    `);
    await s.click('[data-testid="body-editor"] .cm-content');
    // 100 keystrokes, 60 ms apart (a fast typist), as real X key events from xdotool when it is
    // there (what a keyboard sends, through GTK's input handling), else through WebDriver.
    const words = 'the quick brown fox jumps over the lazy dog and keeps on running '.repeat(2).slice(0, 100);
    if (hasXdotool()) {
      const win = execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'Galley'], { encoding: 'utf8' }).trim().split('\n')[0];
      execFileSync('xdotool', ['windowfocus', '--sync', win]);
      // xdotool waits half the delay after each press and half after each release.
      execFileSync('xdotool', ['type', '--delay', '120', words]);
    } else {
      for (const ch of words) {
        await s.type('[data-testid="body-editor"] .cm-content', ch);
        await sleep(60);
      }
    }
    await sleep(1000);
    // The IPC round trip on its own: a command that does nothing, and the preview command with
    // the piece as it stands, each 50 times, straight through the page's invoke.
    const ipc = await s.execAsync(`
      const done = arguments[arguments.length - 1];
      (async () => {
        const inv = window.__TAURI_INTERNALS__.invoke;
        const board = await inv('board');
        const id = board.columns.flatMap((c) => c.cards).find((c) => c.headline === 'The Long Review').id;
        const { content } = await inv('piece_get', { id });
        const time = async (f) => { const xs = []; for (let i = 0; i < 50; i++) { const t = performance.now(); await f(); xs.push(performance.now() - t); } return xs; };
        const empty = await time(() => inv('task_cancel', { task: 0 }));
        const preview = await time(() => inv('preview', { id, content, view: { view: 'article' }, width: 'desktop' }));
        return { empty, preview };
      })().then(done, (e) => done({ error: String(e) }));
    `);
    return { ...(await s.exec('return window.__perf')), ipc };
  } finally {
    await s.end().catch(() => {});
  }
}

async function coldStart() {
  const t0 = performance.now();
  const s = await Session.start(APP);
  try {
    await s.byTestId('card', '', { timeout: 30000 });
    const interactive = performance.now() - t0;
    await sleep(2000);
    const mem = memoryMb('galley-desktop');
    return { interactive, mem };
  } finally {
    await s.end().catch(() => {});
  }
}

const mode = process.argv[2];
if (mode === 'keys') {
  const { lat, phases, ipc } = await keystrokes(process.env.GALLEY_DB);
  console.log(
    `keystroke -> preview painted, 5,000-word review${process.argv[3] ? ` ${process.argv[3]}` : ''} (keys from ${hasXdotool() ? 'xdotool' : 'WebDriver'}): p50 ${pct(lat, 0.5).toFixed(1)} ms, p95 ${pct(lat, 0.95).toFixed(1)} ms over ${lat.length} keystrokes (target p95 under 16 ms)`,
  );
  const stages = ['input', 'wait', 'ipc', 'patch', 'layout', 'toFrame', 'frame'];
  console.log(
    `  per render (${phases.length} renders, ${(lat.length / Math.max(1, phases.length)).toFixed(2)} keystrokes each), p50 / p95 ms: ` +
      stages.map((k) => `${k} ${pct(phases.map((p) => p[k]), 0.5).toFixed(1)} / ${pct(phases.map((p) => p[k]), 0.95).toFixed(1)}`).join(', '),
  );
  if (ipc.error) console.log(`  IPC: ${ipc.error}`);
  else
    console.log(
      `  IPC round trip alone, p50 / p95 ms: a command that does nothing ${pct(ipc.empty, 0.5).toFixed(1)} / ${pct(ipc.empty, 0.95).toFixed(1)}, the preview command ${pct(ipc.preview, 0.5).toFixed(1)} / ${pct(ipc.preview, 0.95).toFixed(1)}`,
    );
} else {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await coldStart());
  const best = runs.map((r) => r.interactive);
  console.log(
    `cold start (release) to an interactive desk of ${process.env.PIECES} pieces, from launch to the first card: ${best.map((t) => t.toFixed(0)).join(', ')} ms (target under 1 s)`,
  );
  const m = runs.at(-1).mem;
  console.log(`memory with that desk: ${m ? `${m.mb.toFixed(0)} MB resident over ${m.processes} processes (app + WebKit)` : 'not found'}`);
}
