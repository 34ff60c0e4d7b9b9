/**
 * Rules of the protocol as pure functions, in a module of their own without
 * TypeBox: the reference server enforces them, the in-process transport
 * imitates them and the elements use them to show only what a person may do,
 * from this one definition.
 */
import type { Role } from './schemas.js';

/** Whether a person may delete a post: its author, or an owner of its space. */
export function canDeletePost(post: { authorId: string }, viewerId: string, role: Role | null): boolean {
  return post.authorId === viewerId || role === 'owner';
}
