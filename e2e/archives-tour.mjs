// A tour, not part of ./test: every real export of ../shared/corpus imported through the app's
// archive dialog as a new user would, and a preview of a piece from each shot
// ($E2E_SHOTS/tour-NN-*.png). Run it like the stories (see e2e/run.sh) with GALLEY_SHARED set.

import { join } from 'node:path';
import { Session, shooter, signIn, sleep } from './webdriver.mjs';

const SHARED = process.env.GALLEY_SHARED;
const shot = shooter(process.env.E2E_SHOTS, 'tour-');
const EXPORTS = [
  ['wordpress', 'corpus/wxr/real-exports/caseyg-thegraphicsoffice_wordpress.xml'],
  ['wordpress', 'corpus/wxr/real-exports/50bucksinfo-50bucks_wordpress.xml'],
  ['wordpress', 'corpus/wxr/wordpress-importer/phpunit-data/theme-unit-test-data.xml'],
  ['ghost', 'corpus/ghost/bhuron-liberalisme-democratique_ghost-export.redacted.json'],
  ['ghost', 'corpus/ghost/frostedechoes-canneddragons_ghost-export.redacted.json'],
  ['ghost', 'corpus/ghost/jolyonbrown-jolyonbrown.github.io_ghost-export.redacted.json'],
  ['ghost', 'corpus/ghost/whoisnnamdi-whoisnnamdi.com_ghost-export.redacted.json'],
];

const s = await Session.start(process.env.GALLEY_APP);
try {
  await s.byTestId('person-select');
  await signIn(s, 'Ed');
  for (const [source, file] of EXPORTS) {
    const name = file.split('/').pop().split(/[_.]/)[0];
    await s.clickTestId('nav-desk');
    await s.clickTestId('open-archive');
    await s.fill('archive-source', source);
    await s.fill('archive-path', join(SHARED, file));
    await s.clickTestId('archive-survey');
    await s.byTestId('archive-counts');
    await shot(s, `${name}-survey`);
    await s.clickTestId('archive-run');
    const r = await s.waitFor('the import', () => s.exec(`return document.querySelector('[data-testid="archive-result"]')?.textContent || null`), 60000);
    console.log(`${name}: ${r.trim().replace(/\s+/g, ' ')}`);
    await s.waitFor('a piece', () => s.exec(`const b = document.querySelectorAll('[data-testid="archive-piece"]'); const p = b[Math.min(2, b.length - 1)]; if (!p) return false; p.click(); return true;`));
    await s.byTestId('field-headline');
    await sleep(1500);
    await shot(s, `${name}-preview`);
  }
} finally {
  await s.end().catch(() => {});
}
