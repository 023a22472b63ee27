// Where the window is, and the guards that must finish before it goes elsewhere (an editor
// saving what is unsaved). Generic: the routes are the app's own type.

export class Nav<R> {
  route: R = $state() as R;
  private guards = new Set<() => Promise<unknown>>();

  constructor(initial: R) {
    this.route = initial;
  }

  /** Runs `fn` (and waits for it) before every change of place and before the window closes. */
  guard(fn: () => Promise<unknown>): () => void {
    this.guards.add(fn);
    return () => this.guards.delete(fn);
  }

  /** Waits for every guard: what is unsaved is saved. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.guards].map((g) => g()));
  }

  async go(route: R): Promise<void> {
    await this.settle();
    this.route = route;
  }
}
