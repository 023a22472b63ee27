// A hook for measuring the live preview from outside (e2e/perf.mjs): when the page defines
// `window.__galleyPreviewTrace`, each stage of a keystroke's way to the preview reports to it.
// Without it this costs one property read.

export type TracePhase = 'request' | 'sent' | 'answered' | 'patched' | 'loaded';

export function trace(phase: TracePhase): void {
  (globalThis as { __galleyPreviewTrace?: (p: TracePhase) => void }).__galleyPreviewTrace?.(phase);
}
