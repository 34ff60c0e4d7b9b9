/**
 * Space memberships from the company directory: a deployment maps groups of
 * its identity provider (Keycloak group paths, Microsoft Entra ID group
 * object ids, AD FS group names) to spaces and roles. Each new token a person
 * presents is read for its groups claim, and their memberships in the mapped
 * spaces follow it (spaces/membership-changes.ts applies the change).
 */
import { ROLES, type Role } from '@ecotone/protocol';
import type { JWTPayload } from 'jose';
import type { DirectoryGrant } from '../spaces/membership-changes.js';

/** One rule: members of `group` belong to `spaceId` with `role`. */
export interface GroupSpaceRule {
  group: string;
  spaceId: string;
  role: Role;
}

export interface DirectoryGroupsConfig {
  /**
   * The claim holding the person's groups: a name (`groups`, or AD FS's
   * `http://schemas.xmlsoap.org/claims/Group`), or a dotted path into
   * nested claims (`realm_access.roles`) when no claim has that exact name.
   */
  claim: string;
  rules: readonly GroupSpaceRule[];
}

/** The claim read unless configured otherwise (Keycloak's group mapper and Entra ID both use it). */
export const DEFAULT_GROUPS_CLAIM = 'groups';
/** Most groups read from one token; a directory that sends more is cut, never allowed to make the server loop. */
const GROUPS_READ_MAX = 2_000;
/** Longest group name compared, in characters. */
export const GROUP_NAME_MAX_CHARS = 255;
const SPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A `--group-space <group>=<space>[:<role>]` entry. The group is everything
 * before the last `=` (LDAP-style names may contain `=`); the role is
 * `member` unless given.
 */
export function parseGroupSpaceRule(entry: string): GroupSpaceRule {
  const at = entry.lastIndexOf('=');
  const group = at > 0 ? entry.slice(0, at) : '';
  const [spaceId = '', role = 'member', ...rest] = entry.slice(at + 1).split(':');
  if (!group || group.length > GROUP_NAME_MAX_CHARS || !SPACE_ID.test(spaceId) || rest.length > 0 || !(ROLES as readonly string[]).includes(role)) {
    throw new Error(`expected <group>=<space>[:${ROLES.join('|')}], got "${entry}"`);
  }
  return { group, spaceId, role: role as Role };
}

/**
 * The person's groups in the token, or undefined when the claim is absent:
 * then nothing is changed (Entra ID leaves `groups` out when a person has
 * more than its limit, which must not read as "in no group").
 */
export function groupsOf(claims: JWTPayload, claim: string): Set<string> | undefined {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes('.')) {
    value = claims;
    for (const key of claim.split('.')) {
      value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  if (typeof value === 'string') value = [value];
  if (!Array.isArray(value)) return undefined;
  return new Set(
    value
      .slice(0, GROUPS_READ_MAX)
      .filter((group): group is string => typeof group === 'string' && group.length > 0 && group.length <= GROUP_NAME_MAX_CHARS),
  );
}

/**
 * For every mapped space, the highest role the person's groups grant and
 * the group that grants it (the first rule listed, among equals), or null.
 */
export function grantsFor(rules: readonly GroupSpaceRule[], groups: ReadonlySet<string>): Map<string, DirectoryGrant> {
  const grants = new Map<string, DirectoryGrant>();
  for (const rule of rules) {
    if (!grants.has(rule.spaceId)) grants.set(rule.spaceId, null);
    if (!groups.has(rule.group)) continue;
    const best = grants.get(rule.spaceId);
    if (!best || ROLES.indexOf(rule.role) < ROLES.indexOf(best.role)) grants.set(rule.spaceId, { role: rule.role, group: rule.group });
  }
  return grants;
}
