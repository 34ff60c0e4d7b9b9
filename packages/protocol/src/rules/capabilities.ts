/**
 * What a space offers (`SpaceCapabilities`), switched on or off by its
 * owners, and whether a write is allowed by it. Every capability is on unless
 * an owner switched it off, so spaces made before capabilities existed keep
 * working unchanged. A capability switched off refuses new content of its
 * kind with `capability_disabled`; what already exists stays readable (and
 * may still be edited or deleted, as long as the edit adds nothing the space
 * no longer offers).
 */
import type { PostKind, ProblemFieldError, Role, SpaceCapabilities, SpaceCapabilitiesUpdate } from '../wire-types.js';
import type { RuleProblem } from './problem.js';

/** The capabilities an owner switches, in the order settings list them. */
export const CAPABILITY_NAMES = ['reactions', 'comments', 'polls', 'previews', 'attachments', 'translations', 'announcements'] as const;
/** One switchable capability of a space. */
export type Capability = (typeof CAPABILITY_NAMES)[number];

/** Every capability on, every reaction kind offered: a space no owner has changed. */
export const ALL_CAPABILITIES: SpaceCapabilities = Object.freeze({
  reactions: true,
  comments: true,
  polls: true,
  previews: true,
  attachments: true,
  translations: true,
  announcements: true,
}) as SpaceCapabilities;

/**
 * A space's capabilities from what is stored or sent (possibly partial, or
 * nothing at all: an older server, a space no owner changed); what is absent
 * is on. Reaction kinds the server no longer has are dropped; when none is
 * left, every kind is offered again.
 */
export function spaceCapabilities(stored: Partial<SpaceCapabilities> | null | undefined, serverKinds?: readonly string[]): SpaceCapabilities {
  const capabilities: SpaceCapabilities = { ...ALL_CAPABILITIES };
  for (const name of CAPABILITY_NAMES) {
    const value = stored?.[name];
    if (typeof value === 'boolean') capabilities[name] = value;
  }
  const kinds = stored?.reactionKinds;
  if (Array.isArray(kinds)) {
    const kept = serverKinds ? serverKinds.filter((k) => kinds.includes(k)) : [...new Set(kinds)];
    if (kept.length > 0 && (!serverKinds || kept.length < serverKinds.length)) capabilities.reactionKinds = kept;
  }
  return capabilities;
}

/** The reaction kinds a space offers, in the server's order: none when reactions are off. */
export function offeredReactionKinds(capabilities: SpaceCapabilities | undefined, serverKinds: readonly string[]): string[] {
  if (!capabilities) return [...serverKinds];
  if (!capabilities.reactions) return [];
  const only = capabilities.reactionKinds;
  return only ? serverKinds.filter((k) => only.includes(k)) : [...serverKinds];
}

/** Only a space's owners switch its capabilities. */
export function canChangeCapabilities(role: Role | null): boolean {
  return role === 'owner';
}

/** Why an owner's change is not valid (`validation_failed`): a reaction kind the server does not have, or twice. */
export function capabilitiesUpdateErrors(update: SpaceCapabilitiesUpdate, serverKinds: readonly string[]): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const kinds = update.reactionKinds;
  if (kinds) {
    kinds.forEach((kind, i) => {
      if (!serverKinds.includes(kind)) errors.push({ path: `/body/reactionKinds/${i}`, message: 'is not a reaction kind of this server' });
      else if (kinds.indexOf(kind) !== i) errors.push({ path: `/body/reactionKinds/${i}`, message: 'is listed twice' });
    });
  }
  return errors;
}

/** The capabilities after an owner's change (valid changes only: {@link capabilitiesUpdateErrors}). */
export function updatedCapabilities(current: SpaceCapabilities, update: SpaceCapabilitiesUpdate, serverKinds: readonly string[]): SpaceCapabilities {
  const next: Partial<SpaceCapabilities> = { ...current };
  for (const name of CAPABILITY_NAMES) {
    const value = update[name];
    if (value !== undefined) next[name] = value;
  }
  if (update.reactionKinds === null) delete next.reactionKinds;
  else if (update.reactionKinds !== undefined) next.reactionKinds = update.reactionKinds;
  return spaceCapabilities(next, serverKinds);
}

/** The names of the capabilities that differ between two states (`reactionKinds` among them): what an audit entry records. */
export function changedCapabilities(before: SpaceCapabilities, after: SpaceCapabilities): Partial<SpaceCapabilities> {
  const changed: Partial<SpaceCapabilities> = {};
  for (const name of CAPABILITY_NAMES) if (before[name] !== after[name]) changed[name] = after[name];
  const kinds = (c: SpaceCapabilities) => (c.reactionKinds ?? []).join(',');
  if (kinds(before) !== kinds(after)) changed.reactionKinds = after.reactionKinds ?? [];
  return changed;
}

/**
 * One write as capabilities see it: what it would add to the space. A
 * reaction names its kind (removing one's own reaction is always allowed:
 * pass nothing for it).
 */
export type CapabilityUse = { capability: 'reactions'; kind: string } | { capability: Exclude<Capability, 'reactions'> };

const TITLES: Record<Capability, string> = {
  reactions: 'This space does not offer reactions',
  comments: 'This space does not offer comments',
  polls: 'This space does not offer polls',
  previews: 'This space does not offer link previews',
  attachments: 'This space does not offer attachments',
  translations: 'This space does not offer translations',
  announcements: 'This space does not offer announcements',
};

/**
 * Whether a write is allowed by a space's capabilities: null when it is,
 * otherwise `capability_disabled` naming the first use the space does not
 * offer. `serverKinds` are the server's reaction kinds (an unknown kind is
 * the caller's `unknown_reaction_kind`, checked before).
 */
export function capabilityProblem(
  capabilities: SpaceCapabilities | undefined,
  uses: readonly CapabilityUse[],
  serverKinds: readonly string[] = [],
): RuleProblem | null {
  if (!capabilities) return null;
  for (const use of uses) {
    if (use.capability === 'reactions') {
      if (!capabilities.reactions) return { code: 'capability_disabled', title: TITLES.reactions };
      const only = capabilities.reactionKinds;
      if (only && !only.includes(use.kind) && (serverKinds.length === 0 || serverKinds.includes(use.kind))) {
        return { code: 'capability_disabled', title: `This space does not offer the reaction "${use.kind}"` };
      }
    } else if (!capabilities[use.capability]) {
      return { code: 'capability_disabled', title: TITLES[use.capability] };
    }
  }
  return null;
}

/** What a publication adds: announcements, polls, variants and attachments (a link preview is made only when offered, never refused). */
export function publishUses(request: {
  kind?: PostKind | undefined;
  polls?: readonly unknown[] | undefined;
  variants?: readonly unknown[] | undefined;
  attachments?: readonly unknown[] | undefined;
}): CapabilityUse[] {
  const uses: CapabilityUse[] = [];
  if (request.kind === 'announcement') uses.push({ capability: 'announcements' });
  if (request.polls?.length) uses.push({ capability: 'polls' });
  if (request.variants?.length) uses.push({ capability: 'translations' });
  if (request.attachments?.length) uses.push({ capability: 'attachments' });
  return uses;
}

/** What an edit of a post adds: variants (setting none is allowed) and attachments (removing them is allowed). */
export function editUses(patch: { variants?: readonly unknown[] | undefined; attach?: readonly unknown[] | undefined }): CapabilityUse[] {
  const uses: CapabilityUse[] = [];
  if (patch.variants?.length) uses.push({ capability: 'translations' });
  if (patch.attach?.length) uses.push({ capability: 'attachments' });
  return uses;
}

/** What a new comment adds: the comment, and its attachments. */
export function commentUses(draft: { attachments?: readonly unknown[] | undefined }): CapabilityUse[] {
  return draft.attachments?.length ? [{ capability: 'comments' }, { capability: 'attachments' }] : [{ capability: 'comments' }];
}
