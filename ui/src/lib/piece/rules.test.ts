import { describe, expect, it } from 'vitest';
import type { Person, Piece, Stage } from '../backend/types';
import { mayEdit } from './rules';

const person = (roles: Person['roles'], sections: string[] = [], name = 'Pat'): Person => ({ id: 1, name, roles, sections });
const piece = (stage: Stage, bylines = ['Pat'], section = 'Music'): Piece =>
  ({ id: 'p', stage, revision: 1, content: { section, bylines } }) as unknown as Piece;

describe('who may edit', () => {
  it('lets a writer edit their own draft, not another writer’s, and not in copyedit', () => {
    expect(mayEdit(person(['writer']), piece('draft'))).toBe(true);
    expect(mayEdit(person(['writer']), piece('draft', ['Sam']))).toBe(false);
    expect(mayEdit(person(['writer']), piece('copyedit'))).toBe(false);
  });

  it('lets a copy editor edit in copyedit only', () => {
    expect(mayEdit(person(['copy_editor']), piece('copyedit', ['Sam']))).toBe(true);
    expect(mayEdit(person(['copy_editor']), piece('scheduled', ['Sam']))).toBe(false);
  });

  it('lets a section editor edit scheduled pieces of their own sections only', () => {
    expect(mayEdit(person(['section_editor'], ['music']), piece('scheduled', ['Sam']))).toBe(true);
    expect(mayEdit(person(['section_editor'], ['Film']), piece('scheduled', ['Sam']))).toBe(false);
  });
});
