// A search hit's snippet as HTML: every run's text escaped, the hit runs in <mark>. The text
// comes from pieces people typed, so nothing in it may become markup.

import type { Run } from '../backend/types';
import { escapeHtml } from '../shared/html';

export function snippetHtml(runs: readonly Run[]): string {
  return runs.map((r) => (r.hit ? `<mark>${escapeHtml(r.text)}</mark>` : escapeHtml(r.text))).join('');
}
