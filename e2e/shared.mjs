// The shared desk's story on the real app: two windows, each on its own desk joined over ssh
// from one shared desk (made with `galley server init`, served to each key by `galley server
// serve`, its pre-receive hook running the core's rules), each driven by its own tauri-driver. Wren writes a review and it goes out by itself; Ed's
// window takes it in; Wren edits offline while Ed edits the same paragraph; Wren's window shows
// the conflict, she writes a third version, and Ed's open piece shows it after his sync.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { ok, saved, Session, shooter } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const SHOTS = process.env.E2E_SHOTS;
const SHARED_URL = process.env.SHARED_URL;
const WREN_CLONE = process.env.WREN_CLONE;
const [WREN_URL, ED_URL] = [process.env.WEBDRIVER_WREN, process.env.WEBDRIVER_ED];
const HEADLINE = 'Night Swimming';
mkdirSync(SHOTS, { recursive: true });

// Wren's train goes into a tunnel: her desk's remote points at a port nobody listens on.
const reach = (url) => execFileSync('git', ['--git-dir', WREN_CLONE, 'remote', 'set-url', 'origin', url]);
const galley = (db, ...args) => execFileSync(CLI, ['--db', db, ...args], { encoding: 'utf8' });
const shot = shooter(SHOTS, 'shared-');

const syncState = (s) => s.exec(`return document.querySelector('[data-testid="sync-badge"]')?.dataset.state ?? null`);
const syncText = (s) => s.exec(`return document.querySelector('[data-testid="sync-label"]')?.textContent ?? ''`);
const waitState = (s, state, timeout = 15000) => s.waitFor(`the sync state ${state}`, async () => (await syncState(s)) === state, timeout);
const bodyText = (s) => s.exec(`return document.querySelector('[data-testid="body-editor"] .cm-content')?.innerText ?? ''`);

async function syncNow(s) {
  await s.clickTestId('sync-badge');
  await s.byTestId('sync-panel');
  await s.clickTestId('sync-now');
  await s.waitFor('the sync to finish', () => s.exec(`return !document.querySelector('[data-testid="sync-now"][aria-busy="true"]')`));
}

async function closePanel(s) {
  await s.exec(`document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));`);
  await s.waitFor('the panel to close', () => s.exec(`return !document.querySelector('[data-testid="sync-panel"]')`));
}

async function typeAtEnd(s, text) {
  await s.click('[data-testid="body-editor"] .cm-content');
  await s.exec(`const v = document.querySelector('[data-testid="body-editor"] .cm-content'); v.focus();`);
  await s.type('[data-testid="body-editor"] .cm-content', text);
}

async function openCard(s) {
  await s.clickTestId('nav-desk');
  await s.waitFor('the card', () =>
    s.exec(
      `const c = [...document.querySelectorAll('[data-testid="card"]')].find(c => c.textContent.includes(arguments[0]));
       if (!c) return null; c.click(); return c.dataset.id;`,
      [HEADLINE],
    ),
  );
  await s.byTestId('field-headline');
}

async function main() {
  const wren = await Session.start(APP, {}, WREN_URL);
  const ed = await Session.start(APP, {}, ED_URL);
  try {
    console.log('two windows, each on its own desk of the shared desk');
    await wren.byTestId('whoami');
    await ed.byTestId('whoami');
    ok((await wren.text('[data-testid="whoami"]')).includes('Wren'), 'Wren’s window opens as Wren, the desk’s person');
    ok((await ed.text('[data-testid="whoami"]')).includes('Ed'), 'Ed’s window opens as Ed');
    await waitState(wren, 'synced');
    await waitState(ed, 'synced');
    await shot(wren, 'wren-synced');

    console.log('Wren writes a review; it goes out by itself once the save settles');
    await wren.clickTestId('new-piece');
    await wren.fill('new-kind', 'review');
    await wren.fill('new-medium', 'album');
    await wren.fill('new-section', 'Music');
    await wren.fill('new-headline', HEADLINE);
    await wren.clickTestId('create-piece');
    await wren.byTestId('field-headline');
    await typeAtEnd(wren, 'The record opens underwater and stays there.');
    await saved(wren);
    await wren.waitFor('a change to send', async () => (await syncText(wren)).includes('to send') || (await syncState(wren)) === 'synced');
    await waitState(wren, 'synced');
    await shot(wren, 'wren-sent');

    console.log('Ed’s window takes it in at his sync');
    await syncNow(ed);
    await closePanel(ed);
    await ed.clickTestId('nav-desk');
    await ed.waitFor('the review on Ed’s desk', () =>
      ed.exec(`return [...document.querySelectorAll('[data-testid="card"]')].some(c => c.textContent.includes(arguments[0]))`, [HEADLINE]),
    );
    await shot(ed, 'ed-received');

    console.log('Wren edits with the shared desk out of reach');
    reach(SHARED_URL.replace(/:\d+\//, ':1/'));
    await typeAtEnd(wren, ' Every song is a breath held.');
    await saved(wren);
    await waitState(wren, 'offline');
    ok((await syncText(wren)).startsWith('Offline'), 'Wren’s window says offline, with her change to send');
    await shot(wren, 'wren-offline');
    reach(SHARED_URL);

    console.log('Ed edits the same piece meanwhile and sends it');
    await openCard(ed);
    await typeAtEnd(ed, ' A quiet triumph.');
    await saved(ed);
    await waitState(ed, 'synced');

    console.log('Wren’s next sync keeps both versions and says so');
    await syncNow(wren);
    await waitState(wren, 'conflict');
    await shot(wren, 'wren-conflict-panel');
    await wren.clickTestId('sync-resolve');
    await wren.byTestId('sync-conflict');
    // Read once the dialog has faded in (WebDriver's element text is empty while it is transparent).
    const side = (id) => wren.exec(`return [...document.querySelectorAll('[data-testid="${id}"] ins')].map((e) => e.textContent).join(' ')`);
    await wren.waitFor('her side to show her sentence', async () => (await side('sync-mine')).includes('breath held'));
    ok(!(await side('sync-mine')).includes('quiet triumph'), 'her side marks only her sentence as hers');
    ok((await side('sync-theirs')).includes('quiet triumph'), 'his side marks his sentence');
    await shot(wren, 'wren-conflict-view');
    await wren.clickTestId('sync-write-third');
    const third = await wren.exec(`return document.querySelector('[data-testid="sync-third"]').value`);
    await wren.fill('sync-third', third.replace('Every song is a breath held.', 'Every song is a breath held. A quiet triumph.'));
    await shot(wren, 'wren-third-version');
    await wren.clickTestId('sync-keep-third');
    await waitState(wren, 'synced');
    await wren.waitFor('Wren’s editor to show the kept text', async () => (await bodyText(wren)).includes('breath held. A quiet triumph.'));
    await shot(wren, 'wren-resolved');

    console.log('Ed’s open piece shows the kept version after his sync');
    await syncNow(ed);
    await closePanel(ed);
    await ed.waitFor('Ed’s editor to take it in', async () => (await bodyText(ed)).includes('breath held. A quiet triumph.'));
    await shot(ed, 'ed-sees-resolution');
    const id = JSON.parse(galley(process.env.ED_DB, 'search', HEADLINE, '--json'))[0].id;
    ok(galley(process.env.ED_DB, 'history', id).includes('wrote a third version'), 'Ed’s history says how the conflict was resolved');
    console.log('the shared story passes');
  } catch (e) {
    await shot(wren, 'failure-wren').catch(() => {});
    await shot(ed, 'failure-ed').catch(() => {});
    throw e;
  } finally {
    await wren.end().catch(() => {});
    await ed.end().catch(() => {});
  }
}

main().catch((e) => {
  console.error(`e2e: ${e.message}`);
  process.exit(1);
});
