/** Knowledge-note rights; a note is seen exactly when its space is readable. Who creates one: `canCreateNote` (spaces.ts). */
import type { Role } from '../schemas.js';
import { isAnnouncer } from './spaces.js';

/** Whether the caller edits every note of a space: its owners and correspondents. */
export function editsEveryNote(role: Role | null): boolean {
  return isAnnouncer(role);
}

/** Whether the caller may edit or delete a note they can read: its owner, or whoever edits every note of the space. */
export function canEditNote(note: { ownerId: string }, viewerId: string, role: Role | null): boolean {
  return note.ownerId === viewerId || editsEveryNote(role);
}
