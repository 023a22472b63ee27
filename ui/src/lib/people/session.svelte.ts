// Who is at the desk: the desk's people, the person signed in, and the first start (choosing
// who you are, joining the desk, opening the demo desk).

import type { AppInfo, Backend } from '../backend/backend';
import type { Person, Role } from '../backend/types';
import { messageOf } from '../shared/errors';

export class Session {
  info: AppInfo | null = $state(null);
  me: Person | null = $state(null);
  error: string | null = $state(null);
  busy = $state(false);

  constructor(private backend: Backend) {}

  get zone(): string {
    return this.info?.zone ?? 'Europe/London';
  }

  get people(): Person[] {
    return this.info?.people ?? [];
  }

  get emptyDesk(): boolean {
    return (this.info?.pieces ?? 0) === 0;
  }

  /** May the person signed in add people to the desk (or is the desk without people yet)? */
  get mayAddPeople(): boolean {
    if (this.people.length === 0) return true;
    return !!this.me && (this.me.roles.includes('editor') || this.me.roles.includes('admin'));
  }

  async load(): Promise<void> {
    await this.attempt(async () => {
      const info = await this.backend.appInfo();
      this.info = info;
      this.me = info.actor ? (info.people.find((p) => p.name === info.actor) ?? null) : null;
    });
  }

  async signIn(name: string): Promise<boolean> {
    return this.attempt(async () => {
      this.me = await this.backend.signIn({ name });
      this.info = await this.backend.appInfo();
    });
  }

  /** Adds a person to the desk and signs in as them. */
  async join(name: string, roles: Role[], sections: string[]): Promise<boolean> {
    return this.attempt(async () => {
      const p = await this.backend.personAdd({ name, roles, sections });
      this.me = await this.backend.signIn({ name: p.name });
      this.info = await this.backend.appInfo();
    });
  }

  async loadDemo(): Promise<boolean> {
    return this.attempt(async () => {
      await this.backend.demoSeed();
      await this.load();
    });
  }

  private async attempt(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await work();
      return true;
    } catch (e) {
      this.error = messageOf(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
