// The few workflow rules the UI reads to hide what the core would refuse (DESIGN, "Who may
// edit"). The core enforces them; a refusal still shows its message.

import type { Person, Piece } from '../backend/types';

/** Editors and admins edit every section; a section editor edits their own. */
export function editsSection(p: Person, section: string): boolean {
  return (
    p.roles.includes('editor') ||
    p.roles.includes('admin') ||
    (p.roles.includes('section_editor') && p.sections.some((s) => s.toLowerCase() === section.trim().toLowerCase()))
  );
}

export function isByline(p: Person, piece: Piece): boolean {
  return piece.content.bylines.some((b) => b.trim().toLowerCase() === p.name.toLowerCase());
}

/** May `p` change the piece's content in its stage? Published pieces change only by correction. */
export function mayEdit(p: Person, piece: Piece): boolean {
  const editor = editsSection(p, piece.content.section);
  switch (piece.stage) {
    case 'draft':
      return isByline(p, piece) || editor;
    case 'copyedit':
      return p.roles.includes('copy_editor') || editor;
    default:
      return editor;
  }
}

/** Why `p` reads the piece without editing it, for the editor's banner. */
export function readOnlyReason(piece: Piece): string {
  const who = piece.stage === 'draft' ? 'its bylines and editors' : piece.stage === 'copyedit' ? 'copy editors and editors' : 'editors';
  return `This piece is ${piece.stage === 'copyedit' ? 'in copyedit' : piece.stage}: only ${who} edit it. You are reading it.`;
}
