// The newsroom's words for the desk's names: stages, kinds, media, moves and roles.

import type { Kind, Move, Role, Stage } from '../backend/types';

export const STAGES: Stage[] = ['draft', 'copyedit', 'scheduled', 'published', 'spiked'];
export const KINDS: Kind[] = ['review', 'list', 'feature'];
export const MEDIA = ['film', 'album', 'book', 'stage', 'television', 'game'] as const;
export type Medium = (typeof MEDIA)[number];
export const ROLES: Role[] = ['writer', 'copy_editor', 'editor', 'section_editor', 'admin'];
/** Sections a new desk starts with; the desk's own come from its pieces (data, not code). */
export const DEFAULT_SECTIONS = ['Film', 'Music', 'Books', 'Stage', 'Television', 'Games', 'Features'];

const STAGE_LABELS: Record<Stage, string> = {
  draft: 'Draft',
  copyedit: 'Copyedit',
  scheduled: 'Scheduled',
  published: 'Published',
  spiked: 'Spiked',
};

export function stageLabel(s: Stage): string {
  return STAGE_LABELS[s];
}

const MEDIUM_LABELS: Record<Medium, string> = {
  film: 'Film',
  album: 'Album',
  book: 'Book',
  stage: 'Stage',
  television: 'Television',
  game: 'Game',
};

export function mediumLabel(m: string): string {
  return MEDIUM_LABELS[m as Medium] ?? m;
}

export function kindLabel(k: Kind, medium?: string | null): string {
  if (k === 'review') return medium ? `${mediumLabel(medium)} review` : 'Review';
  return k === 'list' ? 'List' : 'Feature';
}

const MOVE_LABELS: Record<Move, string> = {
  create: 'Create',
  archive: 'Archive',
  submit: 'Submit to copyedit',
  return: 'Return to writer…',
  schedule: 'Approve and schedule…',
  unschedule: 'Unschedule',
  publish: 'Publish now',
  correct: 'Correct…',
  spike: 'Spike…',
  restore: 'Restore to draft…',
};

export function moveLabel(m: Move): string {
  return MOVE_LABELS[m];
}

const ROLE_LABELS: Record<Role, string> = {
  writer: 'Writer',
  copy_editor: 'Copy editor',
  editor: 'Editor',
  section_editor: 'Section editor',
  admin: 'Admin',
};

export function roleLabel(r: Role): string {
  return ROLE_LABELS[r];
}
