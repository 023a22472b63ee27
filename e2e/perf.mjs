// Measured in the app (issue 4, item 12): keystroke to preview painted on a 5,000-word review
// (p50, p95 over 100 keystrokes), cold start of the release build to an interactive desk of
// 100,000 pieces, and the app's memory with that desk. Run by e2e/perf.sh; prints the figures.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Session, sleep } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const galley = (db, ...args) => execFileSync(CLI, args, { env: { ...process.env, GALLEY_DB: db }, encoding: 'utf8' });

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
    // Time each real keystroke (keydown, captured first) to the next frame painted after the
    // preview changed.
    await s.exec(`
      window.__perf = [];
      let pending = [];
      document.addEventListener('keydown', () => pending.push(performance.now()), true);
      const frame = document.querySelector('[data-testid="preview-frame"]');
      const done = () => requestAnimationFrame(() => requestAnimationFrame(() => {
        const t = performance.now();
        for (const k of pending) window.__perf.push(t - k);
        pending = [];
      }));
      frame.addEventListener('load', done);
      window.__galleyPreviewPainted = done;
      new MutationObserver(done).observe(frame, { attributes: true, attributeFilter: ['srcdoc'] });
    `);
    await s.click('[data-testid="body-editor"] .cm-content');
    const words = 'the quick brown fox jumps over the lazy dog and keeps on running ';
    for (let i = 0; i < 100; i++) {
      await s.type('[data-testid="body-editor"] .cm-content', words[i % words.length]);
      await sleep(60);
    }
    await sleep(1000);
    const samples = await s.exec('return window.__perf');
    return samples;
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
  const samples = await keystrokes(process.env.GALLEY_DB);
  console.log(
    `keystroke -> preview painted, 5,000-word review: p50 ${pct(samples, 0.5).toFixed(1)} ms, p95 ${pct(samples, 0.95).toFixed(1)} ms over ${samples.length} keystrokes (target p95 under 16 ms)`,
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
