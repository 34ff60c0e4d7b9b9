#!/usr/bin/env node
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_REACTION_KINDS, EGRESS_POLICIES } from '@ecotone/protocol';
import { startServer, type AuthConfig, type EgressOptions, type StaticDir, type TranslateHook } from './app.js';
import { compileAllowList } from './egress/policy.js';
import { parseAvatarOrigin } from './avatar-policy.js';
import { migrateToLatest, openSqlite } from './db/database.js';
import { seedDemoIfEmpty } from './seed/demo.js';

const USAGE = `Usage: ecotone serve --db <file> [options]

  --db <file>              SQLite database file (created if missing)
  --port <n>               port to listen on (default 8080; 0 picks a free one)
  --host <addr>            address to bind (default 127.0.0.1)
  --auth dev|jwt           authentication mode (required)
  --jwt-secret <s>         HS256 shared secret (jwt mode)
  --jwks-url <url>         JWKS of the identity provider (jwt mode)
  --jwt-issuer <iss>       expected "iss" claim
  --jwt-audience <aud>     expected "aud" claim
  --seed demo              fill an empty database with the demo organisation
  --serve-dir /prefix=dir  serve static files (repeatable)
  --reaction-kinds a,b,c   accepted reaction kinds (default ${DEFAULT_REACTION_KINDS.join(',')})
  --cors-origin <origin>   allow browser calls from this origin (repeatable)
  --ballot-secret <s>      key of anonymous ballots, 32+ characters (or ECOTONE_BALLOT_SECRET;
                           default: generated once and kept in the database)
  --egress off|allowlist|public
                           what link previews may fetch (default off: no DNS, no socket, ever)
  --egress-allow <entry>   host, *.suffix or CIDR range (10.1.0.0/16, ::1/128) the server
                           may fetch from (repeatable; the only targets with allowlist)
  --public-url <url>       URL browsers reach this server at (for preview image URLs;
                           default: the listening address)
  --avatar-origin <origin> https origin (https://id.example) whose avatar images readers'
                           browsers may load (repeatable; default none: only same-origin
                           avatars are kept, others show initials)
  --translate-module <path>
                           a JS module whose default (or \`translate\`) export is
                           translate(text, from, to) => Promise<string>: the way to plug
                           an on-premises machine-translation service (default: none,
                           and no translation request ever leaves the server)
  --log                    log requests
`;

/** A stuck shutdown is cut off after this long, in ms. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const DEFAULT_PORT = 8080;

class UsageError extends Error {}

function parseServeDir(value: string): StaticDir {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`--serve-dir expects /prefix=./dir, got "${value}"`);
  const prefix = value.slice(0, at);
  return { prefix: prefix.startsWith('/') ? prefix : `/${prefix}`, root: resolve(value.slice(at + 1)) };
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
    return {
      mode: 'jwt',
      ...(secret ? { secret } : {}),
      ...(jwksUrl ? { jwksUrl } : {}),
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience } : {}),
    };
  }
  throw new UsageError('--auth must be dev or jwt');
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

/** Loads the administrator's translation hook; the module itself decides where it connects. */
async function loadTranslateModule(path: string): Promise<TranslateHook> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--translate-module: cannot load "${path}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const hook = typeof loaded['default'] === 'function' ? loaded['default'] : loaded['translate'];
  if (typeof hook !== 'function') {
    throw new UsageError(`--translate-module: "${path}" exports no function as default or "translate"`);
  }
  return hook as TranslateHook;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      auth: { type: 'string' },
      'jwt-secret': { type: 'string' },
      'jwks-url': { type: 'string' },
      'jwt-issuer': { type: 'string' },
      'jwt-audience': { type: 'string' },
      seed: { type: 'string' },
      'serve-dir': { type: 'string', multiple: true },
      'reaction-kinds': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      'ballot-secret': { type: 'string' },
      egress: { type: 'string' },
      'public-url': { type: 'string' },
      'egress-allow': { type: 'string', multiple: true },
      'translate-module': { type: 'string' },
      'avatar-origin': { type: 'string', multiple: true },
      log: { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.db) throw new UsageError('--db is required');
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0..65535');
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError('--seed only knows "demo"');
  const reactionKinds = values['reaction-kinds']?.split(',').map((k) => k.trim()).filter(Boolean);
  if (reactionKinds?.some((k) => !/^[a-z0-9-]{1,32}$/.test(k))) {
    throw new UsageError('--reaction-kinds: lowercase letters, digits and "-", up to 32 characters each');
  }
  const auth = authConfig(values);
  const ballotSecret = values['ballot-secret'] ?? process.env['ECOTONE_BALLOT_SECRET'];
  if (ballotSecret !== undefined && ballotSecret.length < 32) throw new UsageError('--ballot-secret needs at least 32 characters');

  const egress = egressOptions(values.egress, values['egress-allow'] ?? []);
  const avatarOrigins = (values['avatar-origin'] ?? []).map((origin) => {
    try {
      return parseAvatarOrigin(origin);
    } catch (error) {
      throw new UsageError(`--avatar-origin: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  // Loaded before the database opens: a broken module refuses to start.
  const translate = values['translate-module'] ? await loadTranslateModule(values['translate-module']) : undefined;

  const db = openSqlite(values.db);
  await migrateToLatest(db);
  if (values.seed === 'demo') {
    const seeded = await seedDemoIfEmpty(db, {
      ...(reactionKinds ? { reactionKinds } : {}),
      ...(ballotSecret ? { ballotSecret } : {}),
    });
    console.log(seeded ? `Seeded demo data: ${seeded.posts} posts, ${seeded.polls} polls, ${seeded.actors} people.` : 'Database has data; not seeding.');
  }

  const { app, url } = await startServer({
    db,
    auth,
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(reactionKinds ? { reactionKinds } : {}),
    ...(ballotSecret ? { ballotSecret } : {}),
    serveDirs: (values['serve-dir'] ?? []).map(parseServeDir),
    corsOrigins: values['cors-origin'] ?? [],
    egress,
    ...(translate ? { translate } : {}),
    ...(values['public-url'] ? { publicUrl: publicUrl(values['public-url']) } : {}),
    avatarOrigins,
    // Unexpected errors are always logged; requests only with --log.
    logger: values.log ? 'info' : 'warn',
  });
  console.log(`Ecotone server listening on ${url} (auth: ${auth.mode}, egress: ${egress.mode}, translation: ${translate ? 'module' : 'off'})`);

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

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
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
