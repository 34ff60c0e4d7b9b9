import type { EcotoneClient } from '@ecotone/core';
import type { Me, Role } from '@ecotone/protocol';

/** `client.me()` per client, so a feed of 50 posts asks once; undefined when it could not be read. */
const meByClient = new WeakMap<EcotoneClient, Promise<Me | undefined>>();
/** The answers already in: a post the feed adds while scrolling renders once, with its caller, not twice. */
const knownMe = new WeakMap<EcotoneClient, Me>();

/** The caller as the client knows it (actor, memberships, reaction kinds), or undefined when unknown. */
export function callerOf(client: EcotoneClient): Promise<Me | undefined> {
  let me = meByClient.get(client);
  if (!me) {
    me = client.me().then(
      (value) => {
        knownMe.set(client, value);
        return value;
      },
      () => undefined,
    );
    meByClient.set(client, me);
  }
  return me;
}

/** The caller if `callerOf(client)` has already answered, without waiting. */
export function knownCallerOf(client: EcotoneClient): Me | undefined {
  return knownMe.get(client);
}

/** The caller's role in a space, from `me().memberships` (null: not a member, or not known yet). */
export function roleIn(me: Me | undefined, spaceId: string): Role | null {
  return me?.memberships.find((m) => m.spaceId === spaceId)?.role ?? null;
}

/** Whether a role publishes announcements and pins posts: owners and correspondents, as on the server. */
export function announces(role: Role | null): boolean {
  return role === 'owner' || role === 'correspondent';
}
