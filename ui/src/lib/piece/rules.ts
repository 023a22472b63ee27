// Who edits a section, as the calendar reads it to offer a drag only where the core would take
// the reschedule (the core decides, and a refusal shows its message). Who may edit a piece is
// the core's answer (`pieceAccess`), not a rule written here.

import type { Person } from '../backend/types';

/** Editors and admins edit every section; a section editor edits their own. */
export function editsSection(p: Person, section: string): boolean {
  return (
    p.roles.includes('editor') ||
    p.roles.includes('admin') ||
    (p.roles.includes('section_editor') && p.sections.some((s) => s.toLowerCase() === section.trim().toLowerCase()))
  );
}
