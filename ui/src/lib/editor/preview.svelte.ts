// The live preview: the core renders what is typed, not what is saved. At most one render is in
// flight; whatever is typed meanwhile is sent, as one request with the latest text, as soon as
// it returns. So the preview follows typing as closely as the renderer allows (the issue's
// target is one frame), never queues stale work, and a late answer never replaces a newer one.
// A fixed debounce would put a floor under every keystroke's latency; `delayMs` adds one if a
// slower renderer ever needs it.

import type { Backend } from '../backend/backend';
import type { Content, View, Width } from '../backend/types';
import { messageOf } from '../shared/errors';
import { trace } from './trace';

export const WIDTHS: Record<Width, number> = { desktop: 1200, tablet: 768, phone: 390 };

export class PreviewController {
  view: View = $state({ view: 'article' });
  width: Width = $state('desktop');
  html = $state('');
  /** The render failed (a theme error): `html` is the last good page, marked. */
  error: string | null = $state(null);
  /** The request failed (no such list page, say): nothing new to show. */
  failure: string | null = $state(null);
  /** How many renders have been shown; the preview pane keys its scroll restore on it. */
  shownCount = $state(0);

  private latest: Content | null = null;
  private sent = 0;
  private shownSeq = 0;
  private busy = false;
  private queued = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private backend: Backend,
    private id: string,
    private delayMs = 0,
  ) {}

  /** Asks for a render of `content` (a snapshot: the caller must not change it afterwards). */
  request(content: Content): void {
    trace('request');
    this.latest = content;
    if (this.delayMs > 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, this.delayMs);
    } else this.pump();
  }

  setView(view: View): void {
    this.view = view;
    this.pump();
  }

  setWidth(width: Width): void {
    this.width = width;
    this.pump();
  }

  private pump(): void {
    if (!this.latest) return;
    if (this.busy) {
      this.queued = true;
      return;
    }
    this.busy = true;
    const seq = ++this.sent;
    const view = $state.snapshot(this.view) as View;
    trace('sent');
    this.backend
      .preview({ id: this.id, content: this.latest, view, width: this.width })
      .then(
        (shown) => {
          trace('answered');
          if (seq <= this.shownSeq) return;
          this.shownSeq = seq;
          this.html = shown.html;
          this.error = shown.error;
          this.failure = null;
          this.shownCount++;
        },
        (e) => {
          if (seq <= this.shownSeq) return;
          this.shownSeq = seq;
          this.failure = messageOf(e);
        },
      )
      .finally(() => {
        this.busy = false;
        if (this.queued) {
          this.queued = false;
          this.pump();
        }
      });
  }
}
