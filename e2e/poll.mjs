// The year-end poll's story on the real app (issue 10): Sam, the music section's editor, makes
// a list, opens its poll, imports the critics' spreadsheet, merges a song spelled two ways,
// decides the ties the rules leave, assembles the top 20 and gives the blurbs to two critics
// with a due date; Ann and Bo each write theirs from "my blurbs" beside the preview of the
// entry's page; the list cannot be scheduled while a blurb is missing, and is once the last is
// in. A screenshot at each step goes to $E2E_SHOTS (poll-NN-*.png).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ballotsCsv } from './ballots.mjs';
import { inSession, ok, previewHas, saved, shooter, signIn } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const DB = process.env.GALLEY_DB;
const SHOTS = process.env.E2E_SHOTS;
const HEADLINE = 'The 20 Best Songs of 2017';
mkdirSync(SHOTS, { recursive: true });

const galley = (...args) => execFileSync(CLI, args, { env: { ...process.env, GALLEY_DB: DB }, encoding: 'utf8' });
const shot = shooter(SHOTS, 'poll-');

// The poll's answer to a change, once it is done (no button of the poll busy).
const notice = (s, has) =>
  s.waitFor(`the poll to say "${has}"`, () =>
    s.exec(
      `const n = document.querySelector('[data-testid="poll-notice"]'); const e = document.querySelector('[data-testid="poll-error"]');
       if (e) return 'error: ' + e.textContent;
       return !!n && n.textContent.includes(arguments[0]) && !document.querySelector('[data-testid="poll-panel"] [aria-busy="true"]');`,
      [has],
    ).then((r) => {
      if (typeof r === 'string') throw new Error(r);
      return r;
    }),
  15000,
  );

/** Sets a control the UI binds (a select, an input) found by CSS, as a person's change would. */
const setValue = (s, css, value) =>
  s.exec(
    `const el = document.querySelector(arguments[0]); if (!el) return false;
     const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return true;`,
    [css, value],
  );

const listJson = (id) => JSON.parse(galley('show', id, '--json'));

/** A contributor writes each of their blurbs, starting from "my blurbs". */
async function writeBlurbs(s, who, ranks, text, theirs = ranks) {
  await signIn(s, who);
  await s.clickTestId('nav-blurbs');
  await s.byTestId('my-blurb');
  const mine = await s.exec(`return [...document.querySelectorAll('[data-testid="my-blurb"]')].map((b) => Number(b.dataset.rank))`);
  ok(JSON.stringify(mine) === JSON.stringify(theirs), `${who}'s blurbs are ${theirs.join(', ')}`);
  await shot(s, `my-blurbs-${who.split(' ')[0].toLowerCase()}`);
  const [first] = ranks;
  await s.click(`[data-testid="my-blurb"][data-rank="${first}"]`);
  await s.byTestId('field-headline');
  // The entry's blurb has the focus, and the preview shows the entry's page of the countdown.
  await s.waitFor('the blurb to have the focus', () => s.exec(`return document.activeElement?.dataset.rank === arguments[0]`, [String(first)]));
  // A countdown of 20, ten a page: rank r is on page 1 for 11 to 20, page 2 for 1 to 10.
  const page = String(Math.floor((20 - first) / 10) + 1);
  await s.waitFor(`the preview on page ${page}`, () => s.exec(`return document.querySelector('[data-testid="list-page"]')?.value === arguments[0]`, [page]));
  ok(await s.exec(`return document.querySelector('[data-testid="entry-title"]').readOnly`), `${who} cannot change the list's titles`);
  for (const r of ranks) {
    const css = `[data-testid="entry-blurb"][data-rank="${r}"]`;
    await s.type(css, text(r));
    await s.click(`[data-testid="entry-done"][data-rank="${r}"]`);
  }
  await previewHas(s, text(first));
  await saved(s);
  await shot(s, `blurbs-written-${who.split(' ')[0].toLowerCase()}`);
}

async function main() {
  await inSession(APP, shot, async (s) => {
    console.log('the section editor makes the list and opens its poll');
    await s.byTestId('person-select');
    await signIn(s, 'Sam Ortiz');
    await s.clickTestId('new-piece');
    await s.fill('new-kind', 'list');
    await s.fill('new-section', 'Music');
    await s.fill('new-headline', HEADLINE);
    await s.clickTestId('create-piece');
    await s.byTestId('field-headline');
    const listId = JSON.parse(galley('search', HEADLINE, '--json'))[0].id;
    await s.clickTestId('tab-poll');
    await s.byTestId('poll-open-form');
    await s.fill('poll-subject', 'song');
    await s.fill('poll-points', '10,9,8,7,6,5,4,3,2,1');
    await s.fill('poll-ballot-size', '10');
    await shot(s, 'open-form');
    await s.clickTestId('poll-open');
    await s.waitFor('the poll to open', async () => (await s.text('[data-testid="poll-state"]')) === 'Open');
    ok(JSON.parse(galley('poll', 'show', listId, '--json')).rules.scheme.points.length === 10, 'the poll is open with ten ranks of points');

    console.log('the section editor imports the critics’ spreadsheet');
    const file = join(process.env.E2E_WORK ?? SHOTS, 'critics-ballots.csv');
    writeFileSync(file, ballotsCsv());
    await s.clickTestId('poll-tab-ballots');
    await s.clickTestId('ballots-import-open');
    await s.fill('ballots-path', file);
    await s.fill('column-voter', 'Critic');
    await s.fill('column-rank', 'Position');
    await s.fill('column-creator', 'Artist');
    await s.fill('column-title', 'Song');
    await shot(s, 'import-form');
    await s.clickTestId('ballots-import');
    await notice(s, '12 ballots and 120 picks imported.');
    await s.waitFor('twelve ballots listed', () => s.exec(`return document.querySelectorAll('[data-testid="ballot-row"]').length === 12`));
    ok((await s.text('[data-testid="poll-notice"]')).includes('Added to the desk as writers: Ann Vo, Bo Lind'), 'the critics new to the desk were added as writers, and the import says so');
    await shot(s, 'ballots-imported');

    console.log('the section editor merges the song spelled two ways');
    await s.clickTestId('poll-tab-results');
    await s.byTestId('duplicate');
    ok((await s.text('[data-testid="duplicate"]')).includes('a featured artist written in the title'), 'the featured artist in the title and in the creator is offered as one work');
    await shot(s, 'duplicate-offered');
    await s.clickTestId('merge-into-a');
    await notice(s, 'Counted as one');
    await s.byTestId('merge');
    const merged = await s.exec(`return document.querySelector('[data-testid="tally-row"][data-name^="Kendrick Lamar|LOYALTY"]')?.dataset.place`);
    ok(merged === '3', `merged, LOYALTY. has its three ballots' 30 points and is third (place ${merged})`);

    console.log('the section editor decides the ties the rules leave in the top 20');
    const ties = await s.exec(`return [...document.querySelectorAll('[data-testid="tie"]')].map((t) => Number(t.dataset.place)).filter((p) => p <= 20)`);
    ok(ties.length === 2, `two ties in the top 20 (at ${ties.join(' and ')})`);
    const refused = await s.exec(`return document.querySelectorAll('[data-testid="tie"]').length`);
    await s.fill('assemble-top', '20');
    await s.clickTestId('assemble');
    await s.waitFor('the refusal', () => s.exec(`return document.querySelector('[data-testid="poll-error"]')?.textContent.includes('decide these ties first') ?? false`));
    ok(refused >= 2, 'assembling is refused while a tie is inside the top 20');
    for (const [i, place] of ties.entries()) {
      await s.click(`[data-testid="tie"][data-place="${place}"] [data-testid="decide"]`);
      await s.fill('decide-why', i === 0 ? 'Truth was the earlier single, in January' : 'the critics placed Migos higher on the midyear list');
      if (i === 0) await shot(s, 'decide-tie');
      await s.clickTestId('decide-ok');
      await notice(s, 'The tie is decided');
    }
    await s.byTestId('poll-decisions');
    ok((await s.text('[data-testid="poll-decisions"]')).includes('Truth was the earlier single'), 'the decision and its reason are kept');

    console.log('the section editor assembles the top 20, with a page of every ballot');
    await s.fill('assemble-top', '20');
    await s.clickTestId('assemble-ballots');
    await s.clickTestId('assemble');
    await notice(s, 'The top 20 are the list’s entries, with a page of every ballot');
    await shot(s, 'assembled');
    const assembled = listJson(listId).content.list;
    ok(assembled.entries.length === 20 && assembled.entries.some((e) => e.rank === 3 && e.title.startsWith('LOYALTY.')), 'the list has 20 entries, LOYALTY. at 3');
    ok(assembled.method === '12 ballots; 10 points for a first place down to 1 for a 10th', `the methodology line: ${assembled.method}`);
    ok(assembled.ballots.length === 12 && assembled.ballots[0].voter === 'Ann Vo' && assembled.ballots[0].picks[0] === 'Kendrick Lamar, “LOYALTY. (feat. Rihanna)”', 'every critic’s ballot is kept for its page, in their order');

    console.log('the section editor gives the blurbs to Ann and Bo, due in a week');
    await s.clickTestId('poll-tab-blurbs');
    await s.byTestId('blurb-entry');
    const due = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
    await s.fill('blurb-due', due);
    for (let r = 1; r <= 20; r++) {
      const who = r <= 10 ? 'Ann Vo' : 'Bo Lind';
      ok(await setValue(s, `[data-testid="blurb-entry"][data-rank="${r}"] [data-testid="blurb-person"]`, who), `entry ${r} to ${who}`);
      const button = `[data-testid="blurb-entry"][data-rank="${r}"] [data-testid="blurb-assign"]`;
      await s.exec(`document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })`, [button]);
      await s.click(button);
      await notice(s, `Entry ${r}’s blurb is ${who}’s`);
    }
    await s.waitFor('every entry assigned', () => s.exec(`return document.querySelector('[data-testid="blurbs-assigned"]')?.dataset.n === '20'`));
    await shot(s, 'blurbs-assigned');
    console.log('the section editor writes the intro and sends the list to the copy desk');
    await s.clickTestId('tab-edit');
    await s.fill('field-dek', 'Twelve critics, ten songs each, one countdown.');
    await s.click('[data-testid="body-editor"] .cm-content');
    await s.type('[data-testid="body-editor"] .cm-content', 'The year our critics could not stop playing, counted from their ballots.');
    await saved(s);
    await s.clickTestId('move-copyedit');
    await s.waitFor('copyedit', () => listJson(listId).stage === 'copyedit');

    console.log('Ann writes hers from "my blurbs"');
    await writeBlurbs(s, 'Ann Vo', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (r) => `Ann on number ${r}: a song that held the year together.`);

    console.log('Bo writes all but his last');
    await writeBlurbs(s, 'Bo Lind', [11, 12, 13, 14, 15, 16, 17, 18, 19], (r) => `Bo on number ${r}: it sounded like nothing else that spring.`, [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

    console.log('the list cannot be scheduled while a blurb is missing');
    await signIn(s, 'Sam Ortiz');
    await s.clickTestId('nav-desk');
    await s.waitFor('the card', () =>
      s.exec(`const c = [...document.querySelectorAll('[data-testid="card"]')].find(c => c.textContent.includes(arguments[0])); if (!c) return null; c.click(); return true;`, [HEADLINE]),
    );
    await s.byTestId('field-headline');
    const tomorrow = new Date(Date.now() + 86400000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    await s.clickTestId('move-scheduled');
    await s.fill('schedule-date', tomorrow);
    await s.fill('schedule-time', '09:00');
    await s.fill('schedule-zone', 'Europe/London');
    await s.clickTestId('schedule-ok');
    await s.waitFor('the refusal', () => s.exec(`return document.querySelector('[data-testid="refusal"]')?.textContent.includes('list entry 20 has no blurb') ?? false`));
    const why = await s.exec(`return [...document.querySelectorAll('[data-testid="refusal"]')].map((r) => r.textContent).find((t) => t.includes('no blurb')) ?? ''`);
    ok(why.includes('list entry 20 has no blurb') && !why.includes('list entry 19 '), `the refusal names the missing entry, and only it: ${why}`);
    await shot(s, 'schedule-refused');
    await s.exec(`document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));`);
    ok(listJson(listId).stage === 'copyedit', 'the list stays in copyedit');

    console.log('Bo hands in the last blurb; the list is scheduled');
    await writeBlurbs(s, 'Bo Lind', [20], () => 'Bo on number 20: the last one in, and the loudest.', [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    await signIn(s, 'Sam Ortiz');
    await s.clickTestId('nav-desk');
    await s.waitFor('the card', () =>
      s.exec(`const c = [...document.querySelectorAll('[data-testid="card"]')].find(c => c.textContent.includes(arguments[0])); if (!c) return null; c.click(); return true;`, [HEADLINE]),
    );
    await s.byTestId('field-headline');
    await s.clickTestId('tab-poll');
    await s.clickTestId('poll-tab-blurbs');
    await s.waitFor('every blurb handed in', () => s.exec(`return document.querySelector('[data-testid="blurbs-done"]')?.dataset.n === '20'`));
    await shot(s, 'blurbs-all-in');
    await s.clickTestId('tab-edit');
    await s.clickTestId('move-scheduled');
    await s.fill('schedule-date', tomorrow);
    await s.fill('schedule-time', '09:00');
    await s.fill('schedule-zone', 'Europe/London');
    await s.clickTestId('schedule-ok');
    await s.waitFor('scheduled', () => listJson(listId).stage === 'scheduled', 15000);
    await s.click('.message button[aria-label="Dismiss"]');
    await s.clickTestId('view-list');
    // The countdown's last page ends with how the list was made.
    await s.fill('list-page', '2');
    await previewHas(s, '12 ballots; 10 points for a first place down to 1 for a 10th');
    await shot(s, 'scheduled-with-method');
    await s.fill('list-page', '3');
    await previewHas(s, '<h3 class="voter">Lu Chen</h3>');
    await shot(s, 'ballots-page');
    console.log('the poll story passes');
  });
}

main().catch((e) => {
  console.error(`e2e: ${e.message}`);
  process.exit(1);
});
