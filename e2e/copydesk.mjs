// The copy desk's story on the real app (issue 11): Cora, the copy editor, queries a passage of
// Wren's review, turns on suggesting mode and suggests two changes by typing; the style check
// flags the director's name misspelled in the body (the fact box spells it right) and she takes
// its fix as a third suggestion; she sees the preview with every suggestion accepted and returns
// the piece. Wren answers the query and resolves it, accepts two suggestions and rejects one;
// the preview shows the result, and the history shows the accepted suggestions and where the
// query sat. A screenshot at each step goes to $E2E_SHOTS (copydesk-NN-*.png).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inSession, ok, openCard, previewHas, shooter, signIn, sleep } from './webdriver.mjs';

const APP = process.env.GALLEY_APP;
const CLI = process.env.GALLEY_CLI;
const DB = process.env.GALLEY_DB;
const SHOTS = process.env.E2E_SHOTS;
const WORK = process.env.E2E_WORK;
const HEADLINE = 'Lost in Translation, Twenty Years On';
mkdirSync(SHOTS, { recursive: true });

const galley = (...args) => execFileSync(CLI, args, { env: { ...process.env, GALLEY_DB: DB }, encoding: 'utf8' });
const shot = shooter(SHOTS, 'copydesk-');

// Our own review, with the director's name misspelled once in the body.
const PIECE = `---
kind: review
section: Film
headline: "${HEADLINE}"
dek: "Two insomniacs in a Tokyo hotel, and a film that still refuses to explain itself."
bylines: [Wren]
review:
  medium: film
  title: Lost in Translation
  director: [Sofia Coppola]
  cast: [Bill Murray, Scarlett Johansson, Giovanni Ribisi]
  year: 2003
---
Sofia Coppola shot Tokyo in 2003 the way a tired traveller sees it, as if it were a dream someone else is having.

Bill Murray plays an actor in town for a whisky advert, and Scarlett Johansson a young wife left alone in the hotel for days. Copola lets their scenes run long, and the city hums behind the glass.

The ending whisper is still the film's best secret.
`;

/** Selects `words` in the body editor as a person dragging over them would (a DOM selection). */
const select = (s, words) =>
  s.waitFor(`"${words}" selected`, () =>
    s.exec(
      `const root = document.querySelector('[data-testid="body-editor"] .cm-content');
       root.focus();
       const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
       for (let n = walker.nextNode(); n; n = walker.nextNode()) {
         const i = n.data.indexOf(arguments[0]);
         if (i < 0) continue;
         const r = document.createRange();
         r.setStart(n, i);
         r.setEnd(n, i + arguments[0].length);
         const sel = getSelection();
         sel.removeAllRanges();
         sel.addRange(r);
         return sel.toString() === arguments[0];
       }
       return false;`,
      [words],
    ),
  );

/** Waits for the copy desk to hold `n` elements of `testid` (and no change under way). */
const count = (s, testid, n) =>
  s.waitFor(`${n} × ${testid}`, () =>
    s.exec(
      `const e = document.querySelector('[data-testid="copydesk-error"]'); if (e) return 'error: ' + e.textContent;
       return document.querySelectorAll('[data-testid="' + arguments[0] + '"]').length === arguments[1] && !document.querySelector('[data-testid="copydesk"] [aria-busy="true"]');`,
      [testid, n],
    ).then((r) => {
      if (typeof r === 'string') throw new Error(r);
      return r;
    }),
  20000,
  );

const marks = (id) => ({
  queries: JSON.parse(galley('--as', 'Ed', 'query', 'list', id, '--json')),
  suggestions: JSON.parse(galley('--as', 'Ed', 'suggestions', id, '--json', '--all')),
});

async function openPiece(s) {
  await openCard(s, HEADLINE);
  await s.byTestId('copydesk');
}

async function main() {
  const file = join(WORK, 'lost-in-translation.md');
  writeFileSync(file, PIECE);
  const id = galley('--as', 'Wren', 'import', file).split('\t')[0].trim();
  galley('--as', 'Wren', 'move', id, 'copyedit');
  const body = JSON.parse(galley('show', id, '--json')).content.body;

  await inSession(APP, shot, async (s) => {
    console.log('the copy editor opens the submitted review');
    await s.byTestId('person-select');
    await signIn(s, 'Cora');
    await openPiece(s);
    // The style check reads the fact box: the director's name misspelled in paragraph two.
    await s.waitFor('the name finding', () => s.exec(`return !!document.querySelector('[data-testid="finding"][data-rule="facts.name"]')`), 60000);
    const finding = await s.text('[data-testid="finding"][data-rule="facts.name"]');
    ok(finding.includes('Sofia Coppola') && finding.includes('Coppola'), `the style check flags "Copola" against the fact box: ${finding.split('\n').join(' / ')}`);
    ok(await s.exec(`return document.querySelector('[data-testid="open-findings"]')?.textContent.includes('style')`), 'the findings are counted beside the workflow bar');
    await shot(s, 'finding');

    console.log('she queries a passage');
    await select(s, 'as if it were a dream someone else is having');
    await s.clickTestId('query-new');
    await s.fill('query-text', 'Whose dream? The line reads as if it means the audience.');
    await s.clickTestId('query-ask');
    await count(s, 'query-card', 1);
    ok(await s.exec(`return !!document.querySelector('.cm-mark-query')`), 'the query is marked on its words');
    ok((await s.text('.cm-mark-query')).includes('dream someone else'), 'the marker sits on the quoted words');
    await s.click('.cm-mark-query');
    await s.waitFor('the card picked from its marker', () => s.exec(`return document.querySelector('[data-testid="query-card"]').classList.contains('picked')`));
    await shot(s, 'query');

    console.log('she suggests two changes by typing, and takes the style fix as a third');
    await s.clickTestId('mode-suggesting');
    await s.byTestId('suggesting-hint');
    await select(s, 'whisky advert');
    await s.type('[data-testid="body-editor"] .cm-content', 'whisky commercial');
    await select(s, 'The ending whisper');
    await s.type('[data-testid="body-editor"] .cm-content', 'The whisper at the end');
    await count(s, 'suggestion-card', 2);
    await s.waitFor('the fix in suggesting mode', () => s.exec(`return !!document.querySelector('[data-testid="finding"][data-rule="facts.name"] [data-testid="finding-fix"]')`), 20000);
    await s.click('[data-testid="finding"][data-rule="facts.name"] [data-testid="finding-fix"]');
    await count(s, 'suggestion-card', 3);
    let m = marks(id);
    const open = m.suggestions.filter((x) => x.state === 'open');
    ok(open.length === 3 && open.every((x) => x.author === 'Cora'), 'three open suggestions, all by Cora');
    ok(open.some((x) => x.quote === 'Copola' && x.insert === 'Coppola' && x.via === 'facts.name'), 'the name fix is a suggestion credited to the house style');
    ok(JSON.parse(galley('show', id, '--json')).content.body === body, 'the text itself is unchanged');
    ok(await s.exec(`return document.querySelectorAll('.cm-mark-inserted').length === 3`), 'each suggestion is drawn inserted in her proposal');
    await shot(s, 'suggesting');

    console.log('she looks at the piece with every suggestion accepted');
    await s.clickTestId('mode-editing');
    await s.waitFor('struck and inserted', () => s.exec(`return document.querySelectorAll('.cm-mark-deleted').length === 3 && document.querySelectorAll('.cm-sugg-inserted').length === 3`), 15000);
    await s.clickTestId('preview-with-suggestions');
    await previewHas(s, 'whisky commercial');
    await previewHas(s, 'Coppola lets their scenes');
    await shot(s, 'preview-with-suggestions');
    await s.clickTestId('preview-with-suggestions');
    await previewHas(s, 'whisky advert');

    console.log('she returns the piece to the writer');
    await s.clickTestId('move-draft');
    await s.fill('note-input', 'One query and three suggestions for you.');
    await s.clickTestId('note-ok');
    await s.waitFor('draft', () => JSON.parse(galley('show', id, '--json')).stage === 'draft');

    console.log('the writer answers the query and resolves it');
    await signIn(s, 'Wren');
    await openPiece(s);
    await count(s, 'query-card', 1);
    await s.fill('query-reply-text', 'Hers: Charlotte is the one dreaming. I will make that clearer.');
    await s.clickTestId('query-reply');
    await count(s, 'query-message', 2);
    await shot(s, 'writer-answers');
    await s.clickTestId('query-resolve');
    await count(s, 'query-card', 0);
    await count(s, 'resolved-card', 1);

    console.log('she accepts two suggestions and rejects one');
    const card = (insert) => `[data-testid="suggestion-card"][data-id="${m.suggestions.find((x) => x.insert === insert).id}"]`;
    await shot(s, 'suggestions-to-decide');
    await s.click(`${card('commercial')} [data-testid="suggestion-accept"]`);
    await count(s, 'suggestion-card', 2);
    await s.click(`${card('Coppola')} [data-testid="suggestion-accept"]`);
    await count(s, 'suggestion-card', 1);
    await s.click(`${card(m.suggestions.find((x) => x.quote.includes('ending')).insert)} [data-testid="suggestion-reject"]`);
    await count(s, 'suggestion-card', 0);
    const after = JSON.parse(galley('show', id, '--json')).content.body;
    ok(after.includes('whisky commercial') && after.includes('Coppola lets') && after.includes('The ending whisper'), 'two accepted, one rejected, in the stored text');
    m = marks(id);
    ok(m.queries[0].status === 'anchored' && !m.queries[0].open, 'the query is resolved, still on its words');
    await previewHas(s, 'whisky commercial');
    await previewHas(s, 'Coppola lets their scenes');
    await previewHas(s, 'The ending whisper');
    await sleep(300);
    await shot(s, 'result-in-preview');

    console.log('the history shows the accepted suggestions and where the query sat');
    await s.clickTestId('tab-history');
    await s.byTestId('revision');
    const notes = galley('history', id);
    ok((notes.match(/accepted Cora's suggestion/g) ?? []).length === 2, 'two revisions say whose suggestion they accepted');
    ok(await s.exec(`return [...document.querySelectorAll('[data-testid="revision"]')].filter((r) => r.textContent.includes("accepted Cora's suggestion")).length === 2`), 'the history lists both');
    await s.byTestId('history-query');
    ok((await s.text('[data-testid="history-queries"]')).includes('dream someone else'), 'the history shows the query on its words');
    await shot(s, 'history');

    console.log('the editor changes the house style: a bad sheet is refused by line, a good one checks the piece');
    await signIn(s, 'Ed');
    await s.clickTestId('open-style');
    const sheet = await s.waitFor('the sheet to load', () => s.exec(`return document.querySelector('[data-testid="style-sheet"]')?.value || null`));
    ok(sheet.includes('substitutions:'), 'the sheet opens with its substitutions');
    await s.fill('style-sheet', sheet.replace('substitutions:', 'spelling: loose\nsubstitutions:'));
    await s.clickTestId('style-save');
    const refusal = await s.waitFor('the refusal', () => s.exec(`return document.querySelector('[data-testid="style-error"]')?.textContent.trim() || null`));
    ok(/style sheet:\d+: unknown field `spelling`/.test(refusal), `the bad key is refused with its line: ${refusal}`);
    await shot(s, 'style-sheet-refused');
    await s.fill('style-sheet', sheet.replace('substitutions:', 'substitutions:\n  best secret: best-kept secret'));
    await s.clickTestId('style-save');
    await s.byTestId('style-saved');
    await s.exec(`document.querySelector('[data-testid="style-dialog"] button.close')?.click()`);
    await s.waitFor('the dialog to close', () => s.exec(`return !document.querySelector('[data-testid="style-dialog"]')`));
    await openPiece(s);
    await s.waitFor('the new substitution found', () => s.exec(`return [...document.querySelectorAll('[data-testid="finding"][data-rule="house.substitution"]')].some((f) => f.textContent.includes('best-kept secret'))`), 20000);
    await previewHas(s, 'best secret');
    await sleep(300);
    await shot(s, 'house-style-finding');
    console.log('the copy desk story passes');
  });
}

main().catch((e) => {
  console.error(`e2e: ${e.message}`);
  process.exit(1);
});
