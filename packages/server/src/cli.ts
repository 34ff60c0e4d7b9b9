#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import { DEFAULT_REACTION_KINDS, EGRESS_POLICIES, effectiveLabel, mayFlow, RETENTION_MAX_DAYS } from '@ecotone/protocol';
import { ClassificationLabel } from '@ecotone/protocol/schemas';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import {
  DEFAULT_EVENT_RETENTION,
  DEFAULT_LISTEN_HOST,
  DEFAULT_RATE_LIMITS,
  startServer,
  type AuthConfig,
  type EgressOptions,
  type RateLimitClass,
  type RateLimitSettings,
  type StaticDir,
  type TranslateHook,
} from './app.js';
import { RATE_LIMIT_CLASSES } from './http/rate-limits.js';
import { parseFileLimits, type FileLimits } from './files/limits.js';
import { checkAuthConfig, DEFAULT_PROFILE_CLAIMS, type ProfileClaims } from './auth/authenticate.js';
import { checkDevAuthExposure, isLoopbackHost } from './auth/dev-exposure.js';
import { DEFAULT_GROUPS_CLAIM, parseGroupSpaceRule, type DirectoryGroupsConfig } from './auth/directory-groups.js';
import { compileAllowList } from './egress/policy.js';
import { chooseBallotSecretSource, loadBallotSecret, type BallotSecretSource } from './polls/ballot-secret.js';
import { parseAvatarOrigin } from './auth/avatar-policy.js';
import { checkDatabase, DEFAULT_POOL_SIZE, LATEST_MIGRATION, migrateToLatest, openDatabase } from './db/database.js';
import { describeLocation, parseDatabaseLocation, type DatabaseLocation } from './db/engine.js';
import { deactivateActor, findActor, findActorIdsByName, listActorStatuses, reactivateActor } from './people/actor-repository.js';
import type { Database } from './db/schema.js';
import { seedDemoIfEmpty } from './seed/demo.js';
import { seedDemoMedia } from './seed/demo-media.js';
import { copyDatabase, CopyRefused } from './db/copy.js';
import { bulkGenerate } from './seed/bulk.js';
import { appendAudit, audit, auditEntries, auditLine, AUDIT_CSV_COLUMNS, verifyAudit } from './audit/audit-log.js';
import { checkClassification, isKnownLabel, type ClassificationConfig } from './policy/classification.js';
import { findSpace } from './spaces/space-repository.js';
import { eventTransaction } from './live/event-transaction.js';
import { importWorld, ImportRefused } from './seed/world-import.js';
import { notifyModuleOf, type NotifyModule } from './notifications/notify-hook.js';
import { AS2_DOCUMENT, exportSpaceAs2 } from './export/as2-export.js';
import { importSpaceAs2 } from './export/as2-import.js';
import { DatabaseFileStore } from './files/database-store.js';
import { LocalFileStore, type FileStore } from './files/store.js';
import { InProcessEventBus } from './live/bus.js';
import { parseRetentionDays, purgeExpiredContent } from './retention/purge.js';
import { setSpaceRetention } from './retention/settings.js';

const USAGE = `Usage: ecotone serve --db <file|url> [options]
       ecotone migrate --db <file|url>
       ecotone copy --from <file|url> --to <file|url> [--batch <rows>] [--sample <rows>]
       ecotone people list --db <file|url>
       ecotone people deactivate <id|subject|e-mail> --db <file|url>
       ecotone people reactivate <id|subject|e-mail> --db <file|url>
       ecotone bulk --db <file> --posts <space>=<n> [--posts …] [--people <n>] [--seed <n>]
       ecotone import <world.json> --db <file|url> [--ballot-secret-file <path> | --ballot-secret <s>]
       ecotone export --space <space> --format as2 --out <dir> --db <file|url> [--files-dir <dir>] [--files-store directory|database]
       ecotone import <export-dir> --db <file|url> [--space <new id> | --into <space>] [--classification <file>]
                      [--files-dir <dir>] [--files-store directory|database]
       ecotone spaces label <space> <label> --db <file|url> --classification <file> [--declassify]
       ecotone spaces retention <space> <days|keep> --db <file|url>
       ecotone retention run --db <file|url>
       ecotone audit verify --db <file|url>
       ecotone audit export --db <file|url> [--since <time>] [--until <time>] [--format ndjson|csv]

--db is a SQLite file (a path, or sqlite:<path>) or a PostgreSQL URL
(postgres://user:password@host:5432/name); without --db, the DATABASE_URL
environment variable is used. serve migrates the schema itself; migrate
only migrates, for deployments that run migrations as a separate step.

copy moves a whole company from one database to another (a SQLite file into
PostgreSQL, or back): the target is migrated and must be empty; every row is
copied in one transaction, the search index is rebuilt for the target, and
row counts and a sample of rows (--sample per table, default 100) are
compared; any difference exits non-zero. Stop the servers first. The ballot
secret is not in the database: give the target's servers the same one.

bulk adds generated history (posts with reactions, comments, variants and
search rows) to a database that has the demo seed, straight into SQLite (not
PostgreSQL): for benchmarks and query-plan checks at a company's size, never
for production.

import writes a world exported from the browser (LocalTransport's export, a
prototype made with no server) into a database, migrated or created first:
its people, spaces, memberships, posts, polls and ballots, comments,
reactions and knowledge notes, in one transaction. A file that is no world
export, contradicts itself or names a space the database has is refused and
nothing is written. Posts, polls, comments and notes get new ids. Give the
ballot secret the servers of that database use (as for serve; the default with
SQLite is the file beside the database).

export --format as2 writes one space as ActivityStreams 2.0 (JSON-LD): the
folder --out gets space.jsonld (the space as a Group, its people, posts as
Notes, polls as Questions, comments, reactions as Likes, knowledge notes as
Articles with their revisions) and files/ with every attachment. Anonymous
ballots are written without their voters. The export is in the audit trail.
import <export-dir> reads such a folder back, in one transaction: as a new
space (its own id, or --space), or added to an existing one (--into). A
labelled export needs the server's labels (--classification) and is refused
(classification_violation) into a space of a lower label. --files-dir and
--files-store name the file store as for serve.

audit verify walks the whole audit trail and checks its hash chain: it
exits non-zero and names the first broken entry when a row was changed or
removed. audit export writes the entries (from --since, before --until:
ISO 8601 times) to standard output, one JSON object a line (ndjson, the
default) or CSV with a header, for the company's SIEM.

spaces retention keeps a space's content that many days (1 to 36500), or for
good (keep, the default): older posts (by publication time, pinned ones too,
with everything attached), comments and knowledge notes (notes by their last
change) are deleted, hourly by serve, each batch recorded in the audit trail
(retention.purge). retention run deletes it once and prints what went, for
cron (docs/security.md#retention).

people deactivate ends a person's access at once (their tokens are refused;
their content stays, shown as a former member's); reactivate gives it back.

Options of serve:

  --db <file|url>          SQLite database file (created if missing) or postgres:// URL
                           (default: DATABASE_URL)
  --db-pool <n>            most connections open to PostgreSQL at once (default ${DEFAULT_POOL_SIZE});
                           keep instances x pool under the server's max_connections
  --port <n>               port to listen on (default 8080; 0 picks a free one)
  --host <addr>            address to bind (default 127.0.0.1)
  --auth dev|jwt           authentication mode (required)
  --insecure-dev-auth-on-network
                           let --auth dev listen on a non-loopback --host (anyone who
                           reaches it can act as anyone; refused without this flag)
  --jwt-secret <s>         HS256 shared secret, 32+ bytes (jwt mode; or ECOTONE_JWT_SECRET)
  --jwks-url <url>         JWKS of the identity provider (jwt mode)
  --jwt-issuer <iss>       expected "iss" claim
  --jwt-audience <aud>     expected "aud" claim
  --jwt-max-age <duration> longest token lifetime accepted, exp - iat (default 24h;
                           e.g. 3600, 90m, 12h, 7d)
  --jwt-clock-skew <s>     clock difference tolerated on exp, nbf and iat, in seconds
                           (default 30)
  --jwt-claim <field>=<claim>
                           the token claim a new person's field is read from (repeatable;
                           fields name, email, locale, site, title, picture, timeZone,
                           clearance (read from every token);
                           defaults are the OpenID Connect names (timeZone: zoneinfo),
                           site and title: e.g.
                           --jwt-claim site=office_location --jwt-claim title=job_title)
  --group-space <group>=<space>[:role]
                           members of this directory group belong to the space (repeatable;
                           role owner, correspondent, member (default) or reader); each new
                           token brings the person's memberships in mapped spaces in line
                           with its groups (docs/authentication.md)
  --jwt-groups-claim <c>   the claim listing the person's groups (default groups; a dotted
                           path such as realm_access.roles reads a nested claim)
  --seed demo              fill an empty database with the demo organisation
  --serve-dir /prefix=dir  serve static files (repeatable); a .br or .gz file beside one
                           is sent instead to browsers that accept it (scripts/precompress.mjs)
  --immutable /prefix/     served files under this URL prefix are named by their content
                           hash: cached for a year, never revalidated (repeatable; other
                           files are revalidated with their ETag)
  --reaction-kinds a,b,c   accepted reaction kinds (default ${DEFAULT_REACTION_KINDS.join(',')})
  --cors-origin <origin>   allow browser calls from this origin (repeatable)
  --ballot-secret-file <path>
                           file holding the key of anonymous ballots, created owner-only
                           (0600) when missing (default with SQLite: <db file>.ballot-secret;
                           required with PostgreSQL unless --ballot-secret is given: every
                           instance needs the same key); never kept in the database, and
                           back it up apart from it
  --ballot-secret <s>      that key itself, 32+ characters (or ECOTONE_BALLOT_SECRET)
  --egress off|allowlist|public
                           what link previews may fetch (default off: no DNS, no socket, ever)
  --egress-allow <entry>   host, *.suffix or CIDR range (10.1.0.0/16, ::1/128) the server
                           may fetch from (repeatable; the only targets with allowlist)
  --public-url <url>       URL browsers reach this server at (for preview image URLs;
                           default: the listening address)
  --avatar-origin <origin> https origin (https://id.example) whose avatar images readers'
                           browsers may load (repeatable; default none: only same-origin
                           avatars are kept, others show initials)
  --auditor <person id>    this person may read the audit trail (GET /api/v1/audit,
                           <eco-audit-log>; repeatable; default: nobody). Each reading is
                           itself recorded (audit.read)
  --translate-module <path>
                           a JS module whose default (or \`translate\`) export is
                           translate(text, from, to) => Promise<string>: the way to plug
                           an on-premises machine-translation service (default: none,
                           and no translation request ever leaves the server)
  --notify-module <path>   a JS module whose default (or \`notify\`) export receives each
                           notification as it is recorded, notify(notification, recipient),
                           and whose optional \`close()\` runs at shutdown: the way to deliver
                           by the company's mail, Teams or Matrix service (default: none,
                           and nothing leaves the server; a sample writes .eml digests:
                           dist/notifications/eml-digest-module.js)
  --rate-limit <class>=<max>/<window>
                           per-person limit of a class (repeatable): write, search, stream,
                           preview or upload (each chunk of a file), e.g. write=60/1m,
                           search=30/10s (defaults: write 60/1m, search 60/1m, stream 30/1m,
                           preview 20/1m, upload 600/1m); "off" disables every limit
  --rate-limit-address <class>=<max>/<window>
                           the same per client address (defaults: ten times a person's)
  --max-streams-per-person <n>
                           live streams one person may hold open at once (default 5)
  --files-dir <dir>        where attachments and unfinished uploads are kept (default:
                           beside the SQLite file, or ./ecotone-files on PostgreSQL)
  --files-store <where>    directory (default: files in --files-dir) or database (in the
                           database, shared by every instance on it; unfinished uploads
                           stay in --files-dir)
  --file-limits <list>     largest attachment per kind, and per space: e.g.
                           image=20MiB,video=2GiB,space:lab=video=4GiB (defaults: image
                           20MiB, document 50MiB, video 1GiB, caption 1MiB)
  --audit-retention-days <n>
                           delete audit entries older than n days, hourly, recording each
                           deletion in the trail (default: keep every entry)
  --classification <file>  classification labels, lowest first: a JSON array of
                           {"id", "color", "names": {"en", "fr", "de"}} (default: none).
                           Spaces carry one (ecotone spaces label), people the clearance
                           their token's "clearance" claim names (--jwt-claim
                           clearance=…); nobody reads above their clearance and content
                           never flows to a lower label (docs/security.md#classification)
  --audit-secret-reads     record every read of a secret space's content in the audit
                           trail (space.read: who, which space, which route; default: off)
  --headers-timeout <d>    all headers of a request must arrive within (default 10s)
  --request-timeout <d>    a whole request, body included, must arrive within (default 30s)
  --keep-alive-timeout <d> idle keep-alive connections close after (default 5s)
  --log                    log requests
`;

/** A stuck shutdown is cut off after this long, in ms. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const DEFAULT_PORT = 8080;

class UsageError extends Error {}

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `3600`, `3600s`, `90m`, `12h` or `7d`, in seconds. */
function parseDurationSeconds(flag: string, value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (SECONDS_PER_UNIT[match[2] || 's'] ?? 1) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new UsageError(`${flag}: expected a duration such as 3600, 90m, 12h or 7d, got "${value}"`);
  return seconds;
}

function parseServeDir(value: string): StaticDir {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`--serve-dir expects /prefix=./dir, got "${value}"`);
  const prefix = value.slice(0, at);
  return { prefix: prefix.startsWith('/') ? prefix : `/${prefix}`, root: resolve(value.slice(at + 1)) };
}

/** `--immutable` prefixes, each under one of the served prefixes (else it would name nothing). */
function parseImmutablePaths(values: readonly string[], serveDirs: readonly StaticDir[]): string[] {
  return values.map((value) => {
    const path = value.endsWith('/') ? value : `${value}/`;
    const served = serveDirs.some((dir) => path.startsWith(dir.prefix.endsWith('/') ? dir.prefix : `${dir.prefix}/`));
    if (!path.startsWith('/') || !served) throw new UsageError(`--immutable expects a URL prefix under a --serve-dir prefix, got "${value}"`);
    return path;
  });
}

function authConfig(values: Record<string, string | boolean | string[] | undefined>): AuthConfig {
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const mode = str('auth');
  if (mode === 'dev') return { mode: 'dev' };
  if (mode === 'jwt') {
    const secret = str('jwt-secret') ?? process.env['ECOTONE_JWT_SECRET'];
    const jwksUrl = str('jwks-url');
    const issuer = str('jwt-issuer');
    const audience = str('jwt-audience');
    const maxAge = str('jwt-max-age');
    const skew = str('jwt-clock-skew');
    if (skew !== undefined && !/^\d+$/.test(skew.trim())) throw new UsageError(`--jwt-clock-skew: expected whole seconds, got "${skew}"`);
    const claims = profileClaims(Array.isArray(values['jwt-claim']) ? values['jwt-claim'] : []);
    return {
      mode: 'jwt',
      ...(secret ? { secret } : {}),
      ...(jwksUrl ? { jwksUrl } : {}),
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience } : {}),
      ...(maxAge !== undefined ? { maxTokenAgeSeconds: parseDurationSeconds('--jwt-max-age', maxAge) } : {}),
      ...(skew !== undefined ? { clockSkewSeconds: Number(skew) } : {}),
      ...(Object.keys(claims).length > 0 ? { claims } : {}),
      ...directoryGroups(values),
    };
  }
  throw new UsageError('--auth must be dev or jwt');
}

/** `--group-space` rules and the claim they read (`--jwt-groups-claim`); nothing when no rule is given. */
function directoryGroups(values: Record<string, string | boolean | string[] | undefined>): { groups?: DirectoryGroupsConfig } {
  const entries = Array.isArray(values['group-space']) ? values['group-space'] : [];
  const claim = typeof values['jwt-groups-claim'] === 'string' ? values['jwt-groups-claim'].trim() : undefined;
  if (entries.length === 0) {
    if (claim !== undefined) throw new UsageError('--jwt-groups-claim needs at least one --group-space rule');
    return {};
  }
  if (claim === '') throw new UsageError('--jwt-groups-claim: expected a claim name');
  const rules = entries.map((entry) => {
    try {
      return parseGroupSpaceRule(entry);
    } catch (error) {
      throw new UsageError(`--group-space ${(error as Error).message}`);
    }
  });
  return { groups: { claim: claim ?? DEFAULT_GROUPS_CLAIM, rules } };
}

/** `--jwt-claim site=office_location` entries, checked: known fields, one claim name each. */
function profileClaims(entries: readonly string[]): Partial<ProfileClaims> {
  const claims: Partial<ProfileClaims> = {};
  for (const entry of entries) {
    const [field, claim, ...rest] = entry.split('=');
    if (!field || !Object.hasOwn(DEFAULT_PROFILE_CLAIMS, field) || !claim || rest.length > 0) {
      throw new UsageError(`--jwt-claim expects <field>=<claim> with a field among ${Object.keys(DEFAULT_PROFILE_CLAIMS).join(', ')}, got "${entry}"`);
    }
    claims[field as keyof ProfileClaims] = claim;
  }
  return claims;
}

function egressOptions(mode: string | undefined, allow: readonly string[]): EgressOptions {
  const chosen = mode ?? 'off';
  if (!(EGRESS_POLICIES as readonly string[]).includes(chosen)) throw new UsageError('--egress must be off, allowlist or public');
  try {
    compileAllowList(allow);
  } catch (error) {
    throw new UsageError(`--egress-allow: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (chosen === 'off' && allow.length > 0) throw new UsageError('--egress-allow needs --egress allowlist or public');
  if (chosen === 'allowlist' && allow.length === 0) throw new UsageError('--egress allowlist needs at least one --egress-allow');
  return { mode: chosen as EgressOptions['mode'], allow };
}

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `250ms`, `10s`, `1m`, `2h` in ms. */
function durationMs(flag: string, value: string): number {
  const match = DURATION.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]!]! : NaN;
  if (!(ms > 0)) throw new UsageError(`${flag}: a duration such as 500ms, 10s, 1m or 1h, got "${value}"`);
  return ms;
}

/** Limits from the defaults and the repeatable `class=max/window` flags; false with `--rate-limit off`. */
function rateLimits(perPerson: readonly string[], perAddress: readonly string[]): RateLimitSettings | false {
  if (perPerson.includes('off')) return false;
  const settings: RateLimitSettings = {
    perPerson: { ...DEFAULT_RATE_LIMITS.perPerson },
    perAddress: { ...DEFAULT_RATE_LIMITS.perAddress },
  };
  const apply = (flag: string, entries: readonly string[], into: RateLimitSettings['perPerson']) => {
    for (const entry of entries) {
      const match = /^([a-z]+)=(\d+)\/(.+)$/.exec(entry.trim());
      const cls = match?.[1] as RateLimitClass | undefined;
      if (!match || !cls || !(RATE_LIMIT_CLASSES as readonly string[]).includes(cls) || !(Number(match[2]) > 0)) {
        throw new UsageError(`${flag}: <${RATE_LIMIT_CLASSES.join('|')}>=<max>/<window>, e.g. write=60/1m, got "${entry}"`);
      }
      into[cls] = { max: Number(match[2]), windowMs: durationMs(flag, match[3]!) };
    }
  };
  apply('--rate-limit', perPerson, settings.perPerson);
  apply('--rate-limit-address', perAddress, settings.perAddress);
  return settings;
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1`);
  return n;
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--public-url: not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--public-url must be http(s)');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Imports a module the administrator names with `flag`; the module itself decides where it connects. */
async function importAdminModule(flag: string, path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${flag}: cannot load "${path}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Loads the administrator's translation hook. */
async function loadTranslateModule(path: string): Promise<TranslateHook> {
  const loaded = await importAdminModule('--translate-module', path);
  const hook = typeof loaded['default'] === 'function' ? loaded['default'] : loaded['translate'];
  if (typeof hook !== 'function') {
    throw new UsageError(`--translate-module: "${path}" exports no function as default or "translate"`);
  }
  return hook as TranslateHook;
}

/** Loads the administrator's notification delivery module. */
async function loadNotifyModule(path: string): Promise<NotifyModule> {
  const module = notifyModuleOf(await importAdminModule('--notify-module', path));
  if (!module) throw new UsageError(`--notify-module: "${path}" exports no function as default or "notify"`);
  return module;
}

/** Where `--db` (or DATABASE_URL) says the database is. */
function databaseLocation(db: string | undefined): DatabaseLocation {
  const value = db ?? process.env['DATABASE_URL'];
  if (!value) throw new UsageError('--db (or DATABASE_URL) is required');
  return parseDatabaseLocation(value);
}

/** Opens the database and checks it answers with a schema this server knows (db/database.ts): one clear error otherwise. */
async function openChecked(location: DatabaseLocation, poolSize?: number): Promise<Kysely<Database>> {
  const db = openDatabase(location, { poolSize });
  try {
    await checkDatabase(db, location);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** `ecotone migrate`: brings the schema up to date and exits, for deployments that migrate apart from starting. */
async function migrate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' } }, strict: true });
  const location = databaseLocation(values.db);
  // Never create an empty SQLite file by mistyping its name; `serve` creates one.
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  try {
    const applied = await migrateToLatest(db);
    console.log(
      applied.length > 0
        ? `Migrated ${describeLocation(location)}: applied ${applied.join(', ')}; the schema is at ${LATEST_MIGRATION}.`
        : `${describeLocation(location)} is up to date (${LATEST_MIGRATION}); nothing applied.`,
    );
  } finally {
    await db.destroy();
  }
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      'db-pool': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      auth: { type: 'string' },
      'jwt-secret': { type: 'string' },
      'jwks-url': { type: 'string' },
      'jwt-issuer': { type: 'string' },
      'jwt-audience': { type: 'string' },
      'jwt-max-age': { type: 'string' },
      'jwt-clock-skew': { type: 'string' },
      'jwt-claim': { type: 'string', multiple: true },
      'jwt-groups-claim': { type: 'string' },
      'group-space': { type: 'string', multiple: true },
      'insecure-dev-auth-on-network': { type: 'boolean' },
      seed: { type: 'string' },
      'serve-dir': { type: 'string', multiple: true },
      immutable: { type: 'string', multiple: true },
      'reaction-kinds': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      'ballot-secret': { type: 'string' },
      'ballot-secret-file': { type: 'string' },
      egress: { type: 'string' },
      'public-url': { type: 'string' },
      'egress-allow': { type: 'string', multiple: true },
      'translate-module': { type: 'string' },
      'notify-module': { type: 'string' },
      'rate-limit': { type: 'string', multiple: true },
      'audit-retention-days': { type: 'string' },
      'rate-limit-address': { type: 'string', multiple: true },
      'max-streams-per-person': { type: 'string' },
      'file-limits': { type: 'string' },
      'files-dir': { type: 'string' },
      'files-store': { type: 'string' },
      'headers-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      'keep-alive-timeout': { type: 'string' },
      'avatar-origin': { type: 'string', multiple: true },
      auditor: { type: 'string', multiple: true },
      'audit-secret-reads': { type: 'boolean' },
      classification: { type: 'string' },
      log: { type: 'boolean' },
    },
    strict: true,
  });
  const location = databaseLocation(values.db);
  const poolSize = positiveInteger('--db-pool', values['db-pool']);
  if (poolSize !== undefined && location.engine !== 'postgres') throw new UsageError('--db-pool is for PostgreSQL (a postgres:// --db)');
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0..65535');
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError('--seed only knows "demo"');
  const reactionKinds = values['reaction-kinds']?.split(',').map((k) => k.trim()).filter(Boolean);
  if (reactionKinds?.some((k) => !/^[a-z0-9-]{1,32}$/.test(k))) {
    throw new UsageError('--reaction-kinds: lowercase letters, digits and "-", up to 32 characters each');
  }
  const auth = authConfig(values);
  // Refused before the database is opened or seeded: a short JWT secret, dev auth in production or on the network.
  checkAuthConfig(auth);
  const insecureDevAuthOnNetwork = values['insecure-dev-auth-on-network'] ?? false;
  const host = values.host ?? DEFAULT_LISTEN_HOST;
  checkDevAuthExposure(auth, host, insecureDevAuthOnNetwork);
  if (auth.mode === 'dev' && !isLoopbackHost(host)) {
    console.warn(`WARNING: development sign-in on ${host}: anyone who reaches this server can act as anyone (--insecure-dev-auth-on-network).`);
  }
  const ballotSecretFile = values['ballot-secret-file'];
  if (values['ballot-secret'] !== undefined && ballotSecretFile !== undefined) {
    throw new UsageError('give --ballot-secret or --ballot-secret-file, not both');
  }
  // The file on the command line wins over the environment.
  const ballotSecret = values['ballot-secret'] ?? (ballotSecretFile === undefined ? process.env['ECOTONE_BALLOT_SECRET'] : undefined);
  if (ballotSecret !== undefined && ballotSecret.length < 32) throw new UsageError('--ballot-secret needs at least 32 characters');
  if (location.engine === 'postgres' && ballotSecret === undefined && ballotSecretFile === undefined) {
    throw new UsageError('with PostgreSQL, give --ballot-secret-file or ECOTONE_BALLOT_SECRET: every instance needs the same key, and it is never kept in the database');
  }
  let ballotSource: BallotSecretSource = chooseBallotSecretSource({
    databasePath: location.engine === 'sqlite' ? location.path : undefined,
    ballotSecret,
    ballotSecretFile,
  });
  // An in-memory database lives as long as this process, and so does its key.
  if ('ephemeral' in ballotSource) ballotSource = { secret: randomBytes(32).toString('base64url') };

  const serveDirs = (values['serve-dir'] ?? []).map(parseServeDir);
  const immutablePaths = parseImmutablePaths(values.immutable ?? [], serveDirs);
  const egress = egressOptions(values.egress, values['egress-allow'] ?? []);
  const limits = rateLimits(values['rate-limit'] ?? [], values['rate-limit-address'] ?? []);
  const maxStreamsPerPerson = positiveInteger('--max-streams-per-person', values['max-streams-per-person']);
  const auditRetentionDays = positiveInteger('--audit-retention-days', values['audit-retention-days']);
  const classification = values.classification === undefined ? undefined : await readClassification(values.classification);
  const filesStore = values['files-store'] ?? 'directory';
  if (filesStore !== 'directory' && filesStore !== 'database') throw new UsageError(`--files-store: "directory" or "database", not ${JSON.stringify(filesStore)}`);
  let fileLimits: FileLimits | undefined;
  try {
    fileLimits = values['file-limits'] ? parseFileLimits(values['file-limits']) : undefined;
  } catch (error) {
    throw new UsageError(`--file-limits: ${error instanceof Error ? error.message : String(error)}`);
  }
  const timeouts = {
    ...(values['headers-timeout'] ? { headersMs: durationMs('--headers-timeout', values['headers-timeout']) } : {}),
    ...(values['request-timeout'] ? { requestMs: durationMs('--request-timeout', values['request-timeout']) } : {}),
    ...(values['keep-alive-timeout'] ? { keepAliveMs: durationMs('--keep-alive-timeout', values['keep-alive-timeout']) } : {}),
  };
  const avatarOrigins = (values['avatar-origin'] ?? []).map((origin) => {
    try {
      return parseAvatarOrigin(origin);
    } catch (error) {
      throw new UsageError(`--avatar-origin: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  const auditors = values.auditor ?? [];
  const badAuditor = auditors.find((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id));
  if (badAuditor !== undefined) throw new UsageError(`--auditor: ${JSON.stringify(badAuditor)} is not a person id (letters, digits, _ and -)`);

  // Loaded before the database opens: a broken module refuses to start.
  const translate = values['translate-module'] ? await loadTranslateModule(values['translate-module']) : undefined;
  const notify = values['notify-module'] ? await loadNotifyModule(values['notify-module']) : undefined;

  const db = await openChecked(location, poolSize);
  await migrateToLatest(db);
  // Created (or moved out of an older database) before the seed votes in anonymous polls with it.
  const ballotKey = await loadBallotSecret(db, ballotSource);
  if ('file' in ballotSource) console.log(`Ballot secret: ${resolve(ballotSource.file)} (back it up apart from the database)`);
  let seeded: Awaited<ReturnType<typeof seedDemoIfEmpty>> = null;
  if (values.seed === 'demo') {
    seeded = await seedDemoIfEmpty(db, {
      ...(reactionKinds ? { reactionKinds } : {}),
      ballotSecret: ballotKey,
    });
    console.log(seeded ? `Seeded demo data: ${seeded.posts} posts, ${seeded.polls} polls, ${seeded.actors} people.` : 'Database has data; not seeding.');
  }

  const { app, url } = await startServer({
    db,
    ...(location.engine === 'sqlite' ? { databaseFile: location.path } : { databaseUrl: location.url }),
    auth,
    port,
    ...(values.host ? { host: values.host } : {}),
    insecureDevAuthOnNetwork,
    ...(reactionKinds ? { reactionKinds } : {}),
    ...('file' in ballotSource ? { ballotSecretFile: ballotSource.file } : {}),
    ...('secret' in ballotSource ? { ballotSecret: ballotSource.secret } : {}),
    serveDirs,
    immutablePaths,
    corsOrigins: values['cors-origin'] ?? [],
    egress,
    rateLimits: limits,
    ...(auditRetentionDays ? { auditRetentionDays } : {}),
    timeouts,
    ...(maxStreamsPerPerson ? { maxStreamsPerPerson } : {}),
    files: {
      ...(fileLimits ? { limits: fileLimits } : {}),
      ...(filesStore === 'database' ? { inDatabase: true } : {}),
      // On PostgreSQL there is no file to keep them beside: a folder of the working directory unless told.
      ...(values['files-dir'] ? { directory: values['files-dir'] } : location.engine === 'postgres' ? { directory: 'ecotone-files' } : {}),
    },
    ...(translate ? { translate } : {}),
    ...(notify ? { notify } : {}),
    ...(values['public-url'] ? { publicUrl: publicUrl(values['public-url']) } : {}),
    avatarOrigins,
    auditors,
    ...(values['audit-secret-reads'] ? { auditSecretReads: true } : {}),
    ...(classification ? { classification } : {}),
    // Unexpected errors are always logged; requests only with --log.
    logger: values.log ? 'info' : 'warn',
  });
  // The demo's photo and video go through the file store, which is up now.
  if (seeded) console.log(`Seeded demo media: ${await seedDemoMedia(app.ecotone)} posts with a photo or a captioned video.`);
  console.log(`Ecotone server listening on ${url} (database: ${location.engine}, auth: ${auth.mode}, egress: ${egress.mode}, translation: ${translate ? 'module' : 'off'}, notification delivery: ${notify ? 'module' : 'off'})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    // app.close() ends open live streams first, then the database goes.
    app
      .close()
      .then(() => db.destroy())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The classification labels of a JSON file (`--classification`), checked; a usage error says what is wrong. */
async function readClassification(file: string): Promise<ClassificationConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--classification: cannot read ${file} as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const labels = Type.Array(ClassificationLabel, { minItems: 1, maxItems: 16 });
  if (!Value.Check(labels, parsed)) {
    const first = Value.Errors(labels, parsed)[0];
    throw new UsageError(`--classification: ${file} must be a JSON array of 1 to 16 labels {"id", "color" (#rrggbb), "names": {"en", "fr", "de"}}, lowest first${first ? ` (at ${first.instancePath || '/'}: ${first.message})` : ''}`);
  }
  const config = { labels: parsed };
  try {
    checkClassification(config);
  } catch (error) {
    throw new UsageError(`--classification: ${error instanceof Error ? error.message : String(error)}`);
  }
  return config;
}

/**
 * `ecotone spaces label <space> <label>`: the operator gives a space its
 * classification label. Raising it is always possible; lowering it lets
 * content flow down, so it needs `--declassify`. Recorded in the audit trail.
 */
async function spacesCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, classification: { type: 'string' }, declassify: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, spaceId, label, ...extra] = positionals;
  if (action === 'retention') return spaceRetention(values, spaceId, label, extra);
  if (action !== 'label' || spaceId === undefined || label === undefined || extra.length > 0) {
    throw new UsageError('spaces: label <space> <label>, or retention <space> <days|keep>');
  }
  if (values.classification === undefined) throw new UsageError('spaces label: give --classification <file>, the labels the servers use');
  const order = checkClassification(await readClassification(values.classification));
  if (!isKnownLabel(order, label)) throw new UsageError(`spaces label: "${label}" is not one of ${order.join(', ')}`);
  const location = databaseLocation(values.db);
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    const space = await findSpace(db, spaceId);
    if (!space) throw new Error(`no space "${spaceId}" in ${describeLocation(location)}`);
    const from = effectiveLabel(order, space.label);
    if (from === label && space.label !== null) {
      console.log(`${space.id} is already ${label}; nothing changed.`);
      return;
    }
    if (!mayFlow(order, from, label) && !values.declassify) {
      throw new UsageError(`spaces label: ${space.id} is ${from ?? order[0]!}; lowering it to ${label} lets its content go to people cleared only for ${label}: add --declassify if that is meant`);
    }
    const now = new Date();
    await eventTransaction(db, async (trx) => {
      await trx.updateTable('spaces').set({ label }).where('id', '=', space.id).execute();
      await appendAudit(trx, now, [
        { action: 'space.label', actorId: null, targetType: 'space', targetId: space.id, spaceId: space.id, detail: { from, to: label, declassified: !mayFlow(order, from, label), by: 'command line', operator: operatorName() } },
      ]);
    });
    console.log(`${space.id}: ${from ?? order[0]!} → ${label}. Servers apply it within a second.`);
  } finally {
    await db.destroy();
  }
}

/**
 * `ecotone spaces retention <space> <days|keep>`: the operator says how long
 * a space keeps its content (retention/purge.ts deletes what is older).
 * Recorded in the audit trail.
 */
async function spaceRetention(values: { db?: string | undefined; classification?: string | undefined; declassify?: boolean | undefined }, spaceId: string | undefined, given: string | undefined, extra: string[]): Promise<void> {
  if (spaceId === undefined || given === undefined || extra.length > 0) throw new UsageError('spaces retention: give <space> and <days|keep>');
  if (values.classification !== undefined || values.declassify !== undefined) throw new UsageError('spaces retention: --classification and --declassify are options of spaces label');
  const days = parseRetentionDays(given);
  if (days === undefined) throw new UsageError(`spaces retention: "${given}" is neither a whole number of days from 1 to ${RETENTION_MAX_DAYS} nor keep`);
  const location = databaseLocation(values.db);
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    const change = await setSpaceRetention(db, spaceId, days, operatorName(), new Date());
    if (!change) throw new Error(`no space "${spaceId}" in ${describeLocation(location)}`);
    const keeps = (d: number | null) => (d === null ? 'kept for good' : `kept ${d} days`);
    if (!change.changed) {
      console.log(`${spaceId}: content is already ${keeps(change.days)}; nothing changed.`);
      return;
    }
    console.log(
      `${spaceId}: content ${keeps(change.from)} → ${keeps(change.to)}.` +
        (change.to === null ? '' : ' Servers delete what is older within the hour (or run: ecotone retention run).'),
    );
  } finally {
    await db.destroy();
  }
}

/** `ecotone retention run`: deletes, once, the content spaces keep no longer (for cron), and says what went. */
async function retentionCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
  const [action, ...extra] = positionals;
  if (action !== 'run' || extra.length > 0) throw new UsageError('retention: run');
  const location = databaseLocation(values.db);
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  const bus = new InProcessEventBus();
  try {
    await migrateToLatest(db);
    // Open pages learn of it through the servers (PostgreSQL announces each event; on SQLite, at their next reconnection).
    const purged = await purgeExpiredContent({ db, bus, retention: DEFAULT_EVENT_RETENTION, now: () => new Date() });
    for (const space of purged) {
      console.log(
        `${space.spaceId} (kept ${space.retentionDays} days, older than ${space.olderThan}): ${space.posts} posts, ${space.comments} comments, ` +
          `${space.notes} notes deleted in ${space.batches} batch${space.batches === 1 ? '' : 'es'}.`,
      );
    }
    const total = (kind: 'posts' | 'comments' | 'notes') => purged.reduce((n, space) => n + space[kind], 0);
    console.log(
      purged.length === 0
        ? 'Nothing older than its space keeps; nothing deleted.'
        : `Deleted ${total('posts')} posts, ${total('comments')} comments and ${total('notes')} notes in ${purged.length} space${purged.length === 1 ? '' : 's'}; each batch is recorded in the audit trail (retention.purge). Attached files' bytes go at the servers' next sweep.`,
    );
  } finally {
    await bus.close();
    await db.destroy();
  }
}

/** `ecotone people list|deactivate|reactivate`: an administrator ends or restores a person's access. */
async function people(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
  const [action, id, ...extra] = positionals;
  const location = databaseLocation(values.db);
  if (action === 'list' ? id !== undefined : action !== 'deactivate' && action !== 'reactivate') {
    throw new UsageError('people: list, deactivate <id> or reactivate <id>');
  }
  if (action !== 'list' && (id === undefined || extra.length > 0)) throw new UsageError(`people ${action}: give one person's id`);
  // Never create an empty database by mistyping its name.
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    if (action === 'list') {
      const rows = await listActorStatuses(db);
      const width = Math.max(2, ...rows.map((r) => r.id.length));
      for (const r of rows) {
        const status = r.deactivatedAt ? `deactivated ${r.deactivatedAt}` : 'active';
        // What the identity provider calls them, when their id was derived from it (sub-…).
        const known = [r.subject !== r.id ? r.subject : null, r.email !== r.subject ? r.email : null].filter(Boolean).join(', ');
        console.log(`${r.id.padEnd(width)}  ${status.padEnd(36)}  ${r.displayName}${r.site ? ` (${r.site})` : ''}${known ? `  <${known}>` : ''}`);
      }
      console.log(`${rows.length} people, ${rows.filter((r) => r.deactivatedAt).length} deactivated.`);
      return;
    }
    // An id, or the subject or e-mail the identity provider gave (`people list` shows them).
    const ids = id === undefined ? [] : await findActorIdsByName(db, id);
    if (ids.length > 1) throw new Error(`"${id ?? ''}" names ${ids.length} people (${ids.join(', ')}): give one id`);
    const person = ids[0] === undefined ? undefined : await findActor(db, ids[0]);
    if (!person) throw new Error(`no person with id, subject or e-mail "${id ?? ''}" in ${describeLocation(location)}`);
    const who = `${person.id} (${person.displayName})`;
    if (action === 'deactivate') {
      if (person.deactivated) {
        console.log(`${who} was already deactivated; nothing changed.`);
        return;
      }
      await deactivateActor(db, person.id, new Date());
      await audit(db, new Date(), [{ action: 'person.deactivate', actorId: null, targetType: 'person', targetId: person.id, detail: { by: 'command line', operator: operatorName() } }]);
      console.log(`Deactivated ${who}: their tokens are refused from now on and their open live streams end; their content stays, shown as a former member's.`);
    } else {
      if (!person.deactivated) {
        console.log(`${who} is active; nothing changed.`);
        return;
      }
      await reactivateActor(db, person.id);
      await audit(db, new Date(), [{ action: 'person.reactivate', actorId: null, targetType: 'person', targetId: person.id, detail: { by: 'command line', operator: operatorName() } }]);
      console.log(`Reactivated ${who}: their tokens are accepted again.`);
    }
  } finally {
    await db.destroy();
  }
}

/** Who runs a command, as the system knows them (for the audit trail). */
function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** A time given on the command line, as stored (ISO 8601, UTC). */
function isoTime(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`${flag} expects a date or time (ISO 8601), got "${value}"`);
  return time.toISOString();
}

/** `ecotone audit verify|export`: the audit trail's checks and its export for a SIEM (audit/audit-log.ts). */
async function auditCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...extra] = positionals;
  if ((action !== 'verify' && action !== 'export') || extra.length > 0) throw new UsageError('audit: verify or export');
  const format = values.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format is ndjson or csv, got "${format}"`);
  const since = isoTime('--since', values.since);
  const until = isoTime('--until', values.until);
  if (action === 'verify' && (since || until || values.format)) throw new UsageError('audit verify checks the whole trail: it takes only --db');
  const location = databaseLocation(values.db);
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    if (action === 'verify') {
      const result = await verifyAudit(db);
      if (!result.ok) {
        console.error(`The audit trail of ${describeLocation(location)} is broken at entry ${result.brokenSeq}: ${result.reason}. ${result.entries} entries before it hold.`);
        process.exitCode = 1;
        return;
      }
      console.log(
        result.entries === 0
          ? `The audit trail of ${describeLocation(location)} is empty.`
          : `The audit trail of ${describeLocation(location)} holds: ${result.entries} entries, the last ${result.lastSeq} with hash ${result.lastHash}.`,
      );
      return;
    }
    const out = process.stdout;
    const write = (line: string) => (out.write(`${line}\n`) ? Promise.resolve() : new Promise<void>((done) => out.once('drain', done)));
    if (format === 'csv') await write(AUDIT_CSV_COLUMNS.join(','));
    let entries = 0;
    let lastSeq: number | null = null;
    for await (const entry of auditEntries(db, { ...(since ? { since } : {}), ...(until ? { until } : {}) })) {
      await write(auditLine(entry, format));
      entries += 1;
      lastSeq = entry.seq;
    }
    // The export itself is in the trail, after what it wrote.
    await audit(db, new Date(), [
      { action: 'audit.export', actorId: null, targetType: 'audit', detail: { by: 'command line', operator: operatorName(), format, since: since ?? null, until: until ?? null, entries, lastSeq } },
    ]);
  } finally {
    await db.destroy();
  }
}

/** `ecotone copy`: moves a company's database to another (db/copy.ts), verified. */
async function copy(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, sample: { type: 'string' } },
    strict: true,
  });
  if (!values.from || !values.to) throw new UsageError('copy needs --from <file|url> and --to <file|url>');
  const from = parseDatabaseLocation(values.from);
  const to = parseDatabaseLocation(values.to);
  const batchRows = positiveInteger('--batch', values.batch);
  const sampleRows = positiveInteger('--sample', values.sample);
  if (from.engine === 'sqlite' && !existsSync(from.path)) throw new Error(`no database at ${from.path}`);
  // Copies and migrations may take longer than a request's statement timeout.
  const source = openDatabase(from, { poolSize: 1, statementTimeoutMs: 0 });
  let target: Kysely<Database> | undefined;
  try {
    await checkDatabase(source, from);
    target = openDatabase(to, { poolSize: 1, statementTimeoutMs: 0 });
    await checkDatabase(target, to);
    const started = Date.now();
    console.log(`Copying ${describeLocation(from)} into ${describeLocation(to)}…`);
    const report = await copyDatabase(source, target, {
      ...(batchRows ? { batchRows } : {}),
      ...(sampleRows ? { sampleRows } : {}),
      log: (line) => console.log(`  ${line}`),
    });
    const width = Math.max(...report.counts.map((c) => c.table.length));
    console.log(`\n${'table'.padEnd(width)}  ${'source'.padStart(10)}  ${'target'.padStart(10)}`);
    for (const c of report.counts) {
      console.log(`${c.table.padEnd(width)}  ${String(c.source).padStart(10)}  ${String(c.target).padStart(10)}${c.source === c.target ? '' : '  DIFFERENT'}`);
    }
    console.log(`\nCompared ${report.sampled} sampled rows field by field.`);
    if (report.differences.length > 0) {
      for (const line of report.differences) console.error(`difference: ${line}`);
      throw new Error(`the copy differs from the source in ${report.differences.length} places (listed above); do not use the target`);
    }
    console.log(
      `The copy matches the source (${((Date.now() - started) / 1000).toFixed(1)} s). Start the servers on the target with the ballot ` +
        `secret of the source${from.engine === 'sqlite' ? ` (--ballot-secret-file ${from.path}.ballot-secret unless it was configured elsewhere)` : ''}.`,
    );
  } catch (error) {
    if (error instanceof CopyRefused) throw new Error(`copy refused: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await target?.destroy();
    await source.destroy();
  }
}

/** `ecotone import`: a world exported from the browser into a database (seed/world-import.ts). */
async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      'ballot-secret': { type: 'string' },
      'ballot-secret-file': { type: 'string' },
      space: { type: 'string' },
      into: { type: 'string' },
      classification: { type: 'string' },
      'files-dir': { type: 'string' },
      'files-store': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('import: give one exported world file or export folder');
  // A folder is an ActivityStreams export (export --format as2); a file, a world from the browser.
  const as2Options = (['space', 'into', 'classification', 'files-dir', 'files-store'] as const).filter((option) => values[option] !== undefined);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory() || as2Options.length > 0) {
    if (values['ballot-secret'] !== undefined || values['ballot-secret-file'] !== undefined) throw new UsageError('import: an export folder needs no ballot secret (its anonymous ballots name nobody)');
    return importAs2Command(file, values);
  }
  const location = databaseLocation(values.db);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`import refused, nothing written: ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const ballotSecret = values['ballot-secret'] ?? (values['ballot-secret-file'] === undefined ? process.env['ECOTONE_BALLOT_SECRET'] : undefined);
  if (location.engine === 'postgres' && ballotSecret === undefined && values['ballot-secret-file'] === undefined) {
    throw new UsageError('with PostgreSQL, give --ballot-secret-file or ECOTONE_BALLOT_SECRET: the one the servers of this database use');
  }
  const source = chooseBallotSecretSource({
    databasePath: location.engine === 'sqlite' ? location.path : undefined,
    ballotSecret,
    ballotSecretFile: values['ballot-secret-file'],
  });
  if ('ephemeral' in source) throw new UsageError('import needs a database that outlives the command: a file or a postgres:// URL');
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    const key = await loadBallotSecret(db, source);
    const report = await importWorld(db, parsed, { ballotSecret: key });
    console.log(
      `Imported ${file} into ${describeLocation(location)}: ${report.spaces} spaces, ${report.people} people ` +
        `(${report.peopleKept} already there, kept as they were), ${report.memberships} memberships, ${report.joinRequests} join requests, ` +
        `${report.posts} posts, ${report.polls} polls with ${report.ballots} ballots, ${report.comments} comments, ` +
        `${report.reactions} reactions, ${report.acknowledgements} acknowledgements, ${report.notes} notes (${report.noteRevisions} revisions).`,
    );
    if (report.unnamedReactions + report.unnamedBallots > 0) {
      console.log(`Not imported: ${report.unnamedReactions} reactions and ${report.unnamedBallots} ballots counted in the file without a person to belong to.`);
    }
  } catch (error) {
    if (error instanceof ImportRefused) throw new Error(`import refused, nothing written: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await db.destroy();
  }
}

/** The file store the servers of `location` use (as serve decides it from the same options). */
function fileStoreOf(location: DatabaseLocation, db: Kysely<Database>, values: { 'files-dir'?: string; 'files-store'?: string }): FileStore {
  const where = values['files-store'] ?? 'directory';
  if (where === 'database') return new DatabaseFileStore(db);
  if (where !== 'directory') throw new UsageError(`--files-store: "directory" or "database", not ${JSON.stringify(where)}`);
  if (values['files-dir']) return new LocalFileStore(resolve(values['files-dir'], 'files'));
  return new LocalFileStore(location.engine === 'sqlite' ? `${location.path}.files` : resolve('ecotone-files', 'files'));
}

/** `ecotone export --space … --format as2`: one space as ActivityStreams 2.0 with its files (export/as2-export.ts). */
async function exportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, space: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'files-dir': { type: 'string' }, 'files-store': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`export: unexpected ${positionals.join(' ')}`);
  if (values.space === undefined) throw new UsageError('export: give --space <space>');
  if (values.format !== 'as2') throw new UsageError(`export: --format as2 (the only format), not ${JSON.stringify(values.format ?? '')}`);
  if (values.out === undefined) throw new UsageError('export: give --out <dir>, the folder to write');
  if (existsSync(resolve(values.out, AS2_DOCUMENT))) throw new Error(`${resolve(values.out, AS2_DOCUMENT)} exists: export into an empty folder`);
  const location = databaseLocation(values.db);
  if (location.engine === 'sqlite' && !existsSync(location.path)) throw new Error(`no database at ${location.path}`);
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    if (!(await findSpace(db, values.space))) throw new Error(`no space "${values.space}" in ${describeLocation(location)}`);
    const now = new Date();
    const report = await exportSpaceAs2(db, { spaceId: values.space, directory: resolve(values.out), store: fileStoreOf(location, db, values), now });
    const { document, bytes, spaceId, label, ...counts } = report;
    await audit(db, now, [
      { action: 'space.export', actorId: null, targetType: 'space', targetId: spaceId, spaceId, detail: { by: 'command line', operator: operatorName(), format: 'as2', label, out: resolve(values.out), ...counts } },
    ]);
    console.log(
      `Exported ${spaceId}${label ? ` (${label})` : ''} to ${document} (${bytes} bytes): ${counts.people} people, ${counts.members} members, ` +
        `${counts.posts} posts, ${counts.polls} polls with ${counts.ballots} ballots, ${counts.comments} comments, ${counts.reactions} reactions, ` +
        `${counts.notes} notes (${counts.noteRevisions} revisions), ${counts.files} files.`,
    );
  } finally {
    await db.destroy();
  }
}

/** `ecotone import <export-dir>`: a space exported as ActivityStreams 2.0 (export/as2-import.ts). */
async function importAs2Command(directory: string, values: { db?: string; space?: string; into?: string; classification?: string; 'files-dir'?: string; 'files-store'?: string }): Promise<void> {
  if (values.space !== undefined && values.into !== undefined) throw new UsageError('import: --space (a new space) or --into (an existing one), not both');
  const order = values.classification === undefined ? [] : checkClassification(await readClassification(values.classification));
  const location = databaseLocation(values.db);
  const db = await openChecked(location, 1);
  try {
    await migrateToLatest(db);
    const report = await importSpaceAs2(db, {
      directory: resolve(directory),
      store: fileStoreOf(location, db, values),
      order,
      ...(values.space !== undefined ? { spaceId: values.space } : {}),
      ...(values.into !== undefined ? { into: values.into } : {}),
      now: new Date(),
      operator: operatorName(),
    });
    console.log(
      `Imported ${directory} into ${report.spaceId}${report.label ? ` (${report.label})` : ''} in ${describeLocation(location)}: ${report.people} people ` +
        `(${report.peopleKept} already there, kept as they were), ${report.members} members, ${report.posts} posts, ${report.polls} polls with ` +
        `${report.ballots} ballots, ${report.comments} comments, ${report.reactions} reactions, ${report.notes} notes (${report.noteRevisions} revisions), ` +
        `${report.files} files${report.idsKept ? '' : '; the database had some of their ids, so all got new ones'}.`,
    );
  } catch (error) {
    if (error instanceof ImportRefused) throw new Error(`import refused, nothing written: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await db.destroy();
  }
}

/** `ecotone bulk`: generated history for benchmarks (seed/bulk.ts). */
async function bulk(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, posts: { type: 'string', multiple: true }, people: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  const location = databaseLocation(values.db);
  if (location.engine !== 'sqlite') throw new UsageError('bulk writes straight into a SQLite file; it does not support PostgreSQL');
  if (!existsSync(location.path)) throw new Error(`no database at ${location.path} (start the server once with --seed demo)`);
  const spaces = (values.posts ?? []).map((entry) => {
    const [spaceId, count] = entry.split('=');
    const posts = Number(count);
    if (!spaceId || !Number.isSafeInteger(posts) || posts <= 0) throw new UsageError(`--posts expects <space>=<count>, got "${entry}"`);
    return { spaceId, posts };
  });
  if (spaces.length === 0) throw new UsageError('bulk: give at least one --posts <space>=<count>');
  const db = await openChecked(location);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const report = bulkGenerate(location.path, {
    spaces,
    ...(values.people ? { people: positiveInteger('--people', values.people) ?? 0 } : {}),
    ...(values.seed ? { seed: positiveInteger('--seed', values.seed) ?? 0 } : {}),
  });
  console.log(`Added ${report.posts} posts, ${report.reactions} reactions, ${report.comments} comments and ${report.people} people in ${(report.ms / 1000).toFixed(1)} s.`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'migrate') return migrate(rest);
  if (command === 'people') return people(rest);
  if (command === 'bulk') return bulk(rest);
  if (command === 'copy') return copy(rest);
  if (command === 'import') return importCommand(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'audit') return auditCommand(rest);
  if (command === 'spaces') return spacesCommand(rest);
  if (command === 'retention') return retentionCommand(rest);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  throw new UsageError(`Unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`ecotone: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`ecotone: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
