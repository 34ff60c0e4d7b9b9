/**
 * The avatar policy: an avatar is kept only when it is a same-origin path or
 * an https URL of an origin the administrator allowed (`--avatar-origin`);
 * anything else is dropped and readers see initials. Applied when an actor
 * is provisioned (nothing else is stored) and on every read of an actor row
 * (rows stored before, or under another policy, are covered too).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { avatarSrc } from '@ecotone/protocol';

/**
 * Result columns that carry an actor's avatar: `actors.avatar_url` as
 * selected whole or in ACTOR_COLUMNS, and `a_avatar_url` of AUTHOR_COLUMNS
 * (people/actor-repository.ts). A new alias for that column must be added here.
 */
const AVATAR_COLUMNS = ['avatar_url', 'a_avatar_url'] as const;

export class AvatarPolicy {
  readonly #origins: ReadonlySet<string>;

  /** `origins`: https origins (`https://id.example`) whose avatars readers may load; throws on anything else. */
  constructor(origins: readonly string[] = []) {
    this.#origins = new Set(origins.map(parseAvatarOrigin));
  }

  /** The avatar URL to keep, or null: same-origin paths, and https URLs of allowed origins only. */
  accept(raw: string | null | undefined): string | null {
    if (typeof raw !== 'string') return null;
    const src = avatarSrc(raw);
    if (src === undefined) return null;
    return src.startsWith('/') || this.#origins.has(new URL(src).origin) ? src : null;
  }
}

/** An allowed avatar origin as the CLI and the app options take it; throws with the offending value. */
export function parseAvatarOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`An avatar origin is https://host[:port] and nothing more, got "${value}"`);
  }
  return url.origin;
}

/**
 * Drops avatars the policy refuses from every row a query returns, whatever
 * the route: members, authors of posts and comments, note owners, the caller.
 */
export function avatarPolicyPlugin(policy: AvatarPolicy): KyselyPlugin {
  return {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      for (const row of args.result.rows) {
        for (const column of AVATAR_COLUMNS) {
          if (typeof row[column] === 'string') row[column] = policy.accept(row[column]);
        }
      }
      return args.result;
    },
  };
}
