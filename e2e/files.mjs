// Files in and out on the real app (issue 12). Ed imports a real film blog's WordPress export
// through the archive dialog (surveyed, its category mapped to Film, its posts reviews) and
// opens one: the preview is a review. Wren keeps a drafts folder in step with the desk: her
// piece appears there as a file; a plain write to it shows in the app's preview; a file written
// from an older revision is a conflict shown with both versions, and the file is left alone; a
// broken file shows its error with file and line, and nothing changes. Ed exports the calendar
// for calendar apps. A screenshot at each step goes to $E2E_SHOTS (files-NN-*.png).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inSession, ok, openCard, previewHas, shooter, signIn, sleep } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const DB = process.env.GALLEY_DB;
const SHOTS = process.env.E2E_SHOTS;
const WORK = process.env.E2E_WORK;
// The shared corpus beside the checkout (as the Rust tests find it); CI requires it.
const SHARED = process.env.GALLEY_SHARED || join(dirname(fileURLToPath(import.meta.url)), '../../shared');
if (process.env.GALLEY_REQUIRE_SHARED && !existsSync(join(SHARED, 'corpus'))) throw new Error(`the shared corpus is missing at ${SHARED}`);
mkdirSync(SHOTS, { recursive: true });

const galley = (...args) => execFileSync(CLI, args, { env: { ...process.env, GALLEY_DB: DB }, encoding: 'utf8' });
const shot = shooter(SHOTS, 'files-');

const PIECE = `---
kind: review
section: Film
headline: "Stalker, Slowly"
dek: "Three men walk into the Zone, and the film takes its time."
bylines: [Wren]
review:
  medium: film
  title: Stalker
  director: [Andrei Tarkovsky]
  year: 1979
---
Tarkovsky lets the camera rest on water, moss and rust until the Zone feels alive.

The three men argue about what they want, and the film never tells us who is right.
`;

async function main() {
  const file = join(WORK, 'stalker.md');
  writeFileSync(file, PIECE);
  const id = galley('--as', 'Wren', 'import', file).split('\t')[0].trim();
  // A piece of Ed's scheduled for 09:00 in London, for the calendar.
  const sched = join(WORK, 'mirror.md');
  writeFileSync(sched, PIECE.replace('Stalker, Slowly', 'Mirror, at Last').replace('[Wren]', '[Ed]'));
  const mirror = galley('--as', 'Ed', 'import', sched).split('\t')[0].trim();
  galley('--as', 'Ed', 'move', mirror, 'copyedit');
  galley('--as', 'Ed', 'schedule', mirror, '--at', '2026-12-21 09:00', '--zone', 'Europe/London');
  const folder = join(WORK, 'wren-drafts');
  mkdirSync(folder, { recursive: true });
  const draft = join(folder, 'stalker-slowly.md');

  await inSession(APP, shot, async (s) => {
    const wxr = SHARED && join(SHARED, 'corpus/wxr/real-exports/gaurangbookseller-filmwallaa_wordpress_export.xml');
    if (wxr && existsSync(wxr)) {
      console.log("the editor imports a film blog's WordPress export");
      await s.byTestId('person-select');
      await signIn(s, 'Ed');
      await s.clickTestId('open-archive');
      await s.fill('archive-path', wxr);
      await s.clickTestId('archive-survey');
      await s.waitFor('the survey', async () => (await s.exec(`return document.querySelector('[data-testid="archive-counts"]')?.textContent || ''`)).includes('50 posts'), 20000);
      await s.exec(`const i = document.querySelector('[data-testid="archive-section"][data-category="Entertainment"]'); i.value = 'Film'; i.dispatchEvent(new Event('input', { bubbles: true }));`);
      await s.fill('archive-review', 'film');
      await shot(s, 'archive-mapped');
      await s.clickTestId('archive-run');
      const result = await s.waitFor('the import', () => s.exec(`return document.querySelector('[data-testid="archive-result"]')?.textContent || null`), 60000);
      ok(/50\s*pieces imported: 50 published/.test(result), `the 50 posts came in published: ${result.trim().split('\n')[0]}`);
      await shot(s, 'archive-imported');
      await s.waitFor('the piece link', () =>
        s.exec(
          `const b = [...document.querySelectorAll('[data-testid="archive-piece"]')].find(b => b.textContent.startsWith('Buried'));
           if (!b) return false; b.click(); return true;`,
        ),
      );
      await s.byTestId('field-headline');
      await previewHas(s, 'Ryan Renolds excels');
      await previewHas(s, 'buried-poster1.jpg');
      ok(await s.exec(`return !!document.querySelector('[data-testid="preview-frame"]').contentDocument.querySelector('aside.fact-box-film')`), 'the imported post previews as a review, with its film fact box');
      await sleep(300);
      await shot(s, 'archive-preview');

      console.log('the editor exports the calendar for calendar apps');
      await s.clickTestId('nav-calendar');
      await s.clickTestId('open-ics');
      const ics = join(WORK, 'galley.ics');
      await s.fill('ics-path', ics);
      await s.clickTestId('ics-export');
      await s.byTestId('ics-done');
      const text = readFileSync(ics, 'utf8');
      ok(text.includes('BEGIN:VTIMEZONE') && text.includes('TZID:Europe/London') && text.includes('SUMMARY:Mirror\\, at Last'), 'the ICS file has the scheduled piece and its zone');
      ok(text.includes('DTSTART;TZID=Europe/London:20261221T090000'), 'at 09:00 London time');
      await shot(s, 'calendar-export');
      await s.exec(`document.querySelector('[data-testid="ics-path"]').closest('dialog, [role="dialog"]')?.querySelector('button.close')?.click()`);
    } else {
      console.log('(no shared corpus: the archive import on the app is skipped)');
      await s.byTestId('person-select');
    }

    console.log('the writer keeps a drafts folder in step with the desk');
    await signIn(s, 'Wren');
    await s.clickTestId('open-drafts');
    await s.fill('drafts-path', folder);
    await s.clickTestId('drafts-keep');
    await s.byTestId('drafts-dir');
    await s.waitFor('her piece in the folder', () => existsSync(draft), 10000);
    ok(readFileSync(draft, 'utf8').includes(`id: ${id}`), 'the file carries the piece id and revision');
    await shot(s, 'drafts-kept');
    await s.exec(`document.querySelector('[data-testid="drafts-dialog"] button.close')?.click()`);
    await s.waitFor('the dialog to close', () => s.exec(`return !document.querySelector('[data-testid="drafts-dir"]')`));

    console.log('a plain write to the file shows in the preview');
    await openCard(s, 'Stalker, Slowly');
    await previewHas(s, 'water, moss and rust');
    const rev1 = readFileSync(draft, 'utf8');
    writeFileSync(draft, rev1.replace('water, moss and rust', 'water, moss, rust and a sleeping dog'));
    await previewHas(s, 'a sleeping dog');
    await s.waitFor('revision 2 on the desk', () => JSON.parse(galley('show', id, '--json')).revision === 2, 10000);
    await s.waitFor('the file at revision 2', () => readFileSync(draft, 'utf8').includes('revision: 2\n'), 10000);
    await sleep(300);
    await shot(s, 'drafts-saved-in-editor');

    console.log('a file written from an older revision is a conflict, and the file is left alone');
    const rev2 = readFileSync(draft, 'utf8');
    const edited = join(WORK, 'stalker-edited.md');
    writeFileSync(edited, galley('export', id).replace('who is right', 'who is right, or why'));
    galley('--as', 'Wren', 'edit', id, edited, '--base', '2');
    await s.waitFor('the file at revision 3', () => readFileSync(draft, 'utf8').includes('revision: 3\n'), 10000);
    const stale = rev2.replace('The three men argue', 'The three tired men argue');
    writeFileSync(draft, stale);
    await s.waitFor('the conflict counted', () => s.exec(`return !!document.querySelector('[data-testid="drafts-count"]')`), 10000);
    await s.clickTestId('open-drafts');
    await s.byTestId('drafts-conflict');
    ok((await s.exec(`return document.querySelector('[data-testid="drafts-file-text"]').textContent`)).includes('three tired men'), "the file's version is shown");
    ok((await s.exec(`return document.querySelector('[data-testid="drafts-desk-text"]').textContent`)).includes('or why'), "the desk's version is shown beside it");
    ok(readFileSync(draft, 'utf8') === stale, 'the file is left as it is');
    ok(JSON.parse(galley('show', id, '--json')).revision === 3, 'the desk keeps its revision');
    await shot(s, 'drafts-conflict');
    await s.clickTestId('drafts-keep-file');
    await s.waitFor('the conflict settled', () => s.exec(`return !document.querySelector('[data-testid="drafts-conflict"]')`), 10000);
    const kept = JSON.parse(galley('show', id, '--json'));
    ok(kept.revision === 4 && kept.content.body.includes('three tired men'), "keeping the file's version makes revision 4");

    console.log('a broken file shows its error and changes nothing');
    await s.waitFor('the file at revision 4', () => readFileSync(draft, 'utf8').includes('revision: 4\n'), 10000);
    writeFileSync(draft, readFileSync(draft, 'utf8').replace('  year: 1979', '  year: [1979'));
    const err = await s.waitFor('the error', () => s.exec(`return document.querySelector('[data-testid="drafts-file-error"]')?.textContent || null`), 10000);
    ok(err.includes('stalker-slowly.md') && /line \d+/.test(err), `the error names the file and line: ${err.trim()}`);
    ok(JSON.parse(galley('show', id, '--json')).revision === 4, 'nothing changed on the desk');
    await shot(s, 'drafts-broken-file');
    console.log('the files story passes');
  });
}

main().catch((e) => {
  console.error(`e2e: ${e.message}`);
  process.exit(1);
});
