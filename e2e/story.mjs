// The end-to-end story of issue 4, on the real app over WebDriver:
// a writer creates a film review, fills the fact box, types the body and sees it in the preview,
// submits; a copy editor returns it with a note; the writer fixes and resubmits; an editor
// schedules it for tomorrow 09:00 Europe/London and finds it on the calendar; publish-due with a
// later time publishes it. A screenshot at each step goes to $E2E_SHOTS.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { inSession, ok, previewHas, saved, shooter, signIn, sleep } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const DB = process.env.GALLEY_DB;
const SHOTS = process.env.E2E_SHOTS;
const HEADLINE = 'Heat at Thirty';
mkdirSync(SHOTS, { recursive: true });

const galley = (...args) => execFileSync(CLI, args, { env: { ...process.env, GALLEY_DB: DB }, encoding: 'utf8' });
const shot = shooter(SHOTS);

async function openPiece(s) {
  await s.clickTestId('nav-desk');
  const id = await s.waitFor('the card', () =>
    s.exec(
      `const c = [...document.querySelectorAll('[data-testid="card"]')].find(c => c.textContent.includes(arguments[0]));
       if (!c) return null; c.click(); return c.dataset.id;`,
      [HEADLINE],
    ),
  );
  await s.byTestId('field-headline');
  return id;
}

async function typeBody(s, text) {
  await s.click('[data-testid="body-editor"] .cm-content');
  await s.type('[data-testid="body-editor"] .cm-content', text);
}

async function move(s, target, note) {
  await s.clickTestId(`move-${target}`);
  if (note) {
    await s.fill('note-input', note);
    await s.clickTestId('note-ok');
  }
}

const stageOf = (id) => JSON.parse(galley('show', id, '--json')).stage;

async function main() {
  await inSession(APP, shot, async (s) => {
    console.log('first start');
    await s.byTestId('person-select');
    await shot(s, 'first-start');
    await signIn(s, 'Wren');
    await shot(s, 'desk-as-writer');

    console.log('a writer creates a film review');
    await s.clickTestId('new-piece');
    await s.fill('new-kind', 'review');
    await s.fill('new-medium', 'film');
    await s.fill('new-section', 'Film');
    await s.fill('new-headline', HEADLINE);
    await shot(s, 'new-piece-dialog');
    await s.clickTestId('create-piece');
    await s.byTestId('field-headline');
    await s.fill('field-dek', 'Michael Mann\'s city symphony still plays like a heist in slow motion.');
    await s.fill('fact-title', 'Heat');
    await s.fill('fact-director', 'Michael Mann');
    await s.fill('fact-cast', 'Al Pacino, Robert De Niro, Val Kilmer');
    await s.fill('fact-year', '1995');
    await typeBody(s, 'Mann shoots Los Angeles at night as if it were an ocean.');
    await previewHas(s, 'Los Angeles at night as if it were an ocean');
    await previewHas(s, 'Michael Mann');
    await saved(s);
    await shot(s, 'editor-with-preview');
    const id = await s.exec(`return document.querySelector('[data-testid="card"]')?.dataset.id ?? null`).catch(() => null);
    const pieceId = id ?? JSON.parse(galley('search', HEADLINE, '--json'))[0].id;
    ok(stageOf(pieceId) === 'draft', 'the new review is a draft on the desk');

    console.log('the writer submits');
    await move(s, 'copyedit');
    await s.waitFor('copyedit', () => stageOf(pieceId) === 'copyedit');
    await shot(s, 'submitted');

    console.log('a copy editor returns it with a note');
    await signIn(s, 'Cora');
    await openPiece(s);
    await move(s, 'draft', 'The second sentence needs a verb.');
    await s.waitFor('draft', () => stageOf(pieceId) === 'draft');
    ok(galley('history', pieceId).includes('The second sentence needs a verb.'), 'the note is in the history');
    await shot(s, 'returned-with-note');

    console.log('the writer fixes it and resubmits');
    await signIn(s, 'Wren');
    await openPiece(s);
    await typeBody(s, ' The diner scene is two actors listening.');
    await previewHas(s, 'two actors listening');
    await saved(s);
    await move(s, 'copyedit');
    await s.waitFor('copyedit again', () => stageOf(pieceId) === 'copyedit');
    await shot(s, 'resubmitted');

    console.log('an editor schedules it for tomorrow 09:00 Europe/London');
    await signIn(s, 'Ed');
    await openPiece(s);
    const tomorrow = new Date(Date.now() + 86400000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    await move(s, 'scheduled');
    await s.fill('schedule-date', tomorrow);
    await s.fill('schedule-time', '09:00');
    await s.fill('schedule-zone', 'Europe/London');
    await shot(s, 'schedule-dialog');
    await s.clickTestId('schedule-ok');
    await s.waitFor('scheduled', () => stageOf(pieceId) === 'scheduled');
    const shown = JSON.parse(galley('show', pieceId, '--json'));
    ok(shown.schedule_zone === 'Europe/London', 'scheduled in Europe/London');

    console.log('the editor finds it on the calendar');
    await s.clickTestId('nav-calendar');
    await s.byTestId('calendar-item', `[data-id="${pieceId}"]`);
    ok(
      await s.exec(`return !!document.querySelector('[data-testid="calendar-day"][data-date="${tomorrow}"] [data-id="${pieceId}"]')`),
      `the piece is on ${tomorrow}`,
    );
    await shot(s, 'calendar');

    console.log('publish-due with a later time publishes it');
    const later = new Date(Date.parse(shown.scheduled_at) + 3600000).toISOString();
    ok(galley('publish-due', '--now', later).includes(pieceId), 'publish-due published the piece');
    ok(stageOf(pieceId) === 'published', 'the piece is published');
    await s.clickTestId('nav-desk');
    await s.waitFor('the published column', () =>
      s.exec(`return document.querySelector('[data-testid="column-published"]')?.textContent.includes(arguments[0])`, [HEADLINE]),
    );
    await shot(s, 'published');
    await openPiece(s);
    await s.clickTestId('tab-history');
    await s.byTestId('revision');
    await sleep(300);
    await shot(s, 'history');
    console.log('the story passes');
  });
}

main().catch((e) => {
  console.error(`e2e: ${e.message}`);
  process.exit(1);
});
