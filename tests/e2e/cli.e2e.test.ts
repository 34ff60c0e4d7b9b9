/**
 * The `ecotone` command as an administrator runs it (the built CLI, a real
 * SQLite file): start-up refusals that close holes (short JWT secrets,
 * development sign-in in production or on the network, a ballot secret
 * file others can read), and `ecotone people` ending a person's access to
 * a running server at once; `ecotone migrate`, and the one-line refusal of
 * a database the server cannot use; `ecotone import` of a world exported
 * from the browser; `ecotone audit` checking and exporting the audit trail;
 * `ecotone spaces retention` and `ecotone retention run`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { LocalTransport } from '@ecotone/core/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'packages/server/dist/cli.js');
const START_TIMEOUT_MS = 30_000;

interface Finished {
  code: number | null;
  output: string;
}

/** Runs the CLI to its end. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, output }));
  });
}

/** Starts `ecotone serve` and resolves once it says where it listens. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string; stop: () => Promise<void> }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
    const stop = async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    };
    const read = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done({ child, url: match[1], output: () => output, stop });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      fail(new Error(`server exited:\n${output}`));
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecotone-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ecotone serve refuses unsafe configurations', () => {
  it('refuses HS256 secrets under 32 bytes, from the flag or the environment, before touching the database', async () => {
    const db = join(dir, 'jwt.db');
    for (const [args, env] of [
      [['--jwt-secret', 'changeme'], {}],
      [['--jwt-secret', 'a'], {}],
      [[], { ECOTONE_JWT_SECRET: 'x'.repeat(31) }],
    ] as const) {
      const { code, output } = await run(['serve', '--db', db, '--auth', 'jwt', ...args], env);
      expect(code).not.toBe(0);
      expect(output).toMatch(/JWT secret .* has \d+ bytes; HS256 needs at least 32/);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('refuses development sign-in in production, whatever the spelling, and on the network without the loud flag', async () => {
    const db = join(dir, 'dev.db');
    for (const nodeEnv of ['PRODUCTION', ' production', 'Production ']) {
      const { code, output } = await run(['serve', '--db', db, '--auth', 'dev'], { NODE_ENV: nodeEnv });
      expect(code).not.toBe(0);
      expect(output).toMatch(/NODE_ENV=production/);
    }
    const exposed = await run(['serve', '--db', db, '--auth', 'dev', '--host', '0.0.0.0']);
    expect(exposed.code).not.toBe(0);
    expect(exposed.output).toMatch(/Refusing to listen on 0\.0\.0\.0.*--insecure-dev-auth-on-network/);
    expect(existsSync(db)).toBe(false);

    const loud = await serve(['--db', db, '--auth', 'dev', '--host', '0.0.0.0', '--insecure-dev-auth-on-network']);
    try {
      expect(loud.output()).toMatch(/WARNING: development sign-in on 0\.0\.0\.0/);
    } finally {
      await loud.stop();
    }
  });
});

describe('the ballot secret file', () => {
  it('is created owner-only beside the database, and a file others can read is refused', async () => {
    const db = join(dir, 'ballots.db');
    const server = await serve(['--db', db, '--auth', 'dev', '--seed', 'demo']);
    await server.stop();
    expect((await stat(`${db}.ballot-secret`)).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(`Ballot secret: ${db}.ballot-secret`);

    await chmod(`${db}.ballot-secret`, 0o644);
    const refused = await run(['serve', '--db', db, '--auth', 'dev', '--port', '0']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/can be read or changed by others \(mode 644\).*chmod 600/);
  });
});

describe('ecotone people', () => {
  let db: string;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    db = join(dir, 'people.db');
    server = await serve(['--db', db, '--auth', 'dev', '--seed', 'demo']);
  });
  afterAll(() => server.stop());

  const me = (as: string) => fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer dev:${as}` } });

  it('ends a person’s access to the running server at once, and gives it back', async () => {
    expect((await me('lukas')).status).toBe(200);

    const deactivated = await run(['people', 'deactivate', 'lukas', '--db', db]);
    expect(deactivated.code).toBe(0);
    expect(deactivated.output).toMatch(/^Deactivated lukas \(Lukas Meier\)/);
    const refused = await me('lukas');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_token');
    expect((await me('anna')).status).toBe(200);

    const listed = await run(['people', 'list', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/^lukas +deactivated \d{4}-\d\d-\d\dT.* Lukas Meier \(Basel\)$/m);
    expect(listed.output).toMatch(/^anna +active +Anna Keller \(Basel\)$/m);
    expect(listed.output).toMatch(/12 people, 1 deactivated\./);
    expect((await run(['people', 'deactivate', 'lukas', '--db', db])).output).toMatch(/already deactivated/);

    const reactivated = await run(['people', 'reactivate', 'lukas', '--db', db]);
    expect(reactivated.code).toBe(0);
    expect(reactivated.output).toMatch(/^Reactivated lukas \(Lukas Meier\)/);
    expect((await me('lukas')).status).toBe(200);
  });

  it('finds a person provisioned by an identity provider by the subject or e-mail it gave, as the list shows them', async () => {
    // As a token with sub "auth0|5f00c1" provisions her (auth/authenticate.ts), written here directly.
    const file = new SqliteDatabase(db);
    file
      .prepare("INSERT INTO actors (id, display_name, locale, created_at, subject, issuer, email) VALUES ('sub-Nq3', 'Nina Roth', 'de', '2026-12-01T00:00:00.000Z', 'auth0|5f00c1', 'https://id.example/', 'nina@example.com')")
      .run();
    file.close();
    expect((await run(['people', 'list', '--db', db])).output).toMatch(/^sub-Nq3 +active +Nina Roth {2}<auth0\|5f00c1, nina@example\.com>$/m);
    const bySubject = await run(['people', 'deactivate', 'auth0|5f00c1', '--db', db]);
    expect(bySubject.output).toMatch(/^Deactivated sub-Nq3 \(Nina Roth\)/);
    const byEmail = await run(['people', 'reactivate', 'nina@example.com', '--db', db]);
    expect(byEmail.output).toMatch(/^Reactivated sub-Nq3 \(Nina Roth\)/);
  });

  it('says so, and exits non-zero, for an unknown person, a missing database or a wrong command', async () => {
    const unknown = await run(['people', 'deactivate', 'nobody', '--db', db]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.output).toContain('no person with id, subject or e-mail "nobody"');
    const missing = join(dir, 'missing.db');
    const noDb = await run(['people', 'list', '--db', missing]);
    expect(noDb.code).not.toBe(0);
    expect(noDb.output).toContain(`no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
    for (const args of [['people', 'deactivate', '--db', db], ['people', 'remove', 'lukas', '--db', db], ['people', 'list']]) {
      const wrong = await run(args);
      expect(wrong.code, args.join(' ')).toBe(2);
    }
  });
});

describe('ecotone audit', () => {
  it('verifies the trail a running server writes, exports it, and names the entry changed behind its back', async () => {
    const db = join(dir, 'audit.db');
    const server = await serve(['--db', db, '--auth', 'dev', '--seed', 'demo']);
    try {
      const published = await fetch(`${server.url}/api/v1/spaces/general/posts`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev:thomas', 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Audited from the command line test' }),
      });
      expect(published.status).toBe(201);
      const post = (await published.json()) as { id: string };
      expect((await run(['people', 'deactivate', 'marco', '--db', db])).code).toBe(0);

      const verified = await run(['audit', 'verify', '--db', db]);
      expect(verified.code).toBe(0);
      const [, count, last, hash] = /holds: (\d+) entries, the last (\d+) with hash ([0-9a-f]{64})\./.exec(verified.output) ?? [];
      expect(Number(count)).toBeGreaterThanOrEqual(4);

      const exported = await run(['audit', 'export', '--db', db]);
      expect(exported.code).toBe(0);
      const lines = exported.output.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; at: string; action: string; actor_id: string | null; target_id: string | null; detail: Record<string, unknown>; hash: string });
      expect(lines).toHaveLength(Number(count));
      expect(lines.map((l) => l.action)).toEqual(expect.arrayContaining(['server.start', 'auth.sign_in', 'post.publish', 'person.deactivate']));
      // The demo's media posts are published through the service too: Thomas's is one of several.
      expect(lines.find((l) => l.action === 'post.publish' && l.target_id === post.id)).toMatchObject({ actor_id: 'thomas' });
      expect(lines.find((l) => l.action === 'person.deactivate')).toMatchObject({ target_id: 'marco', detail: { by: 'command line' } });
      expect(lines.at(-1)).toMatchObject({ seq: Number(last), hash });

      // The export is itself in the trail, with the last entry it wrote.
      const again = await run(['audit', 'export', '--db', db, '--since', lines.at(-1)!.at]);
      const exportEntry = again.output.trim().split('\n').map((line) => JSON.parse(line) as { action: string; detail: Record<string, unknown> }).find((l) => l.action === 'audit.export');
      expect(exportEntry?.detail).toMatchObject({ by: 'command line', format: 'ndjson', entries: Number(count), lastSeq: Number(last) });

      const csv = await run(['audit', 'export', '--db', db, '--format', 'csv', '--since', '2999-01-01']);
      expect(csv.code).toBe(0);
      expect(csv.output).toBe('seq,at,actor_id,action,target_type,target_id,space_id,detail,prev_hash,hash\n');

      // Changed behind the server's back, with the database's own tools.
      const publishSeq = lines.find((l) => l.target_id === post.id)!.seq;
      const raw = new SqliteDatabase(db);
      raw.prepare("UPDATE audit_log SET actor_id = 'camille' WHERE seq = ?").run(publishSeq);
      raw.close();
      const broken = await run(['audit', 'verify', '--db', db]);
      expect(broken.code).toBe(1);
      expect(broken.output).toContain(`broken at entry ${publishSeq}: entry ${publishSeq} was changed`);

      for (const args of [['audit'], ['audit', 'export', '--format', 'xml'], ['audit', 'export', '--since', 'yesterday'], ['audit', 'verify', '--since', '2026-01-01']]) {
        const refused = await run([...args, '--db', db]);
        expect(refused.code, args.join(' ')).toBe(2);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('ecotone spaces retention and ecotone retention run', () => {
  it('sets how long a space keeps its content, deletes what is older once, and both are in a trail that still holds', async () => {
    const db = join(dir, 'retention.db');
    const server = await serve(['--db', db, '--auth', 'dev', '--seed', 'demo']);
    let postId: string;
    try {
      const published = await fetch(`${server.url}/api/v1/spaces/general/posts`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev:thomas', 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'A post from long ago' }),
      });
      expect(published.status).toBe(201);
      postId = ((await published.json()) as { id: string }).id;
    } finally {
      await server.stop();
    }
    // Years old, as far as the database knows.
    const raw = new SqliteDatabase(db);
    raw.prepare("UPDATE posts SET created_at = '2020-01-01T00:00:00.000Z', publish_at = NULL WHERE id = ?").run(postId);
    raw.close();

    for (const days of ['0', '36501']) {
      const refused = await run(['spaces', 'retention', 'general', days, '--db', db]);
      expect(refused.code, days).toBe(2);
      expect(refused.output).toContain(`"${days}" is neither a whole number of days from 1 to 36500 nor keep`);
    }
    expect((await run(['spaces', 'retention', 'general', '--db', db])).code).toBe(2);
    const unknown = await run(['spaces', 'retention', 'nowhere', '30', '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('no space "nowhere"');

    const set = await run(['spaces', 'retention', 'general', '30', '--db', db]);
    expect(set.code, set.output).toBe(0);
    expect(set.output).toContain('general: content kept for good → kept 30 days.');
    expect((await run(['spaces', 'retention', 'general', '30', '--db', db])).output).toContain('general: content is already kept 30 days; nothing changed.');

    const purged = await run(['retention', 'run', '--db', db]);
    expect(purged.code, purged.output).toBe(0);
    expect(purged.output).toMatch(/^general \(kept 30 days, older than \S+\): [1-9]\d* posts, \d+ comments, \d+ notes deleted in \d+ batch(es)?\.$/m);
    const check = new SqliteDatabase(db, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM posts WHERE id = ?').get(postId)).toEqual({ n: 0 });
    check.close();
    expect((await run(['retention', 'run', '--db', db])).output).toContain('Nothing older than its space keeps; nothing deleted.');
    expect((await run(['retention', 'go', '--db', db])).code).toBe(2);

    const verified = await run(['audit', 'verify', '--db', db]);
    expect(verified.code, verified.output).toBe(0);
    const exported = await run(['audit', 'export', '--db', db]);
    const lines = exported.output.trim().split('\n').map((line) => JSON.parse(line) as { action: string; space_id: string | null; detail: Record<string, unknown> });
    expect(lines.find((l) => l.action === 'space.retention')).toMatchObject({ space_id: 'general', detail: { from: null, to: 30, by: 'command line' } });
    expect(lines.find((l) => l.action === 'retention.purge')).toMatchObject({ space_id: 'general', detail: { retentionDays: 30 } });
    // A dozen runs of the command, each a node process: generous on a busy machine.
  }, 180_000);
});

describe('ecotone and its database', () => {
  const BALLOT_SECRET = ['--ballot-secret', 'a-ballot-secret-of-at-least-32-characters'];

  it('migrates a database on its own (from --db or DATABASE_URL), then finds it up to date', async () => {
    const file = join(dir, 'migrate.db');
    const missing = await run(['migrate', '--db', file]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain(`no database at ${file}`);
    // An empty file is an empty SQLite database.
    await writeFile(file, '');
    const first = await run(['migrate', '--db', `sqlite:${file}`]);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/^Migrated .*migrate\.db: applied 0001_initial, .*; the schema is at \d{4}_\w+\.$/m);
    const again = await run(['migrate'], { DATABASE_URL: file });
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/is up to date \(\d{4}_\w+\); nothing applied\./);
  });

  it('refuses a database it cannot use in one line, with no stack trace and no password', async () => {
    const unreachable = await run(['serve', '--db', 'postgres://ecotone:not-shown-pw@127.0.0.1:1/ecotone', '--auth', 'dev', ...BALLOT_SECRET]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.output.trim()).toBe('ecotone: cannot reach the database at postgres://ecotone:***@127.0.0.1:1/ecotone: ECONNREFUSED');

    const file = join(dir, 'newer.db');
    await writeFile(file, '');
    expect((await run(['migrate', '--db', file])).code).toBe(0);
    const sqlite = new SqliteDatabase(file);
    sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('9999_from_the_future', new Date().toISOString());
    sqlite.close();
    for (const args of [['serve', '--db', file, '--auth', 'dev'], ['migrate', '--db', file]]) {
      const newer = await run(args);
      expect(newer.code, args[0]).toBe(1);
      expect(newer.output.trim()).toMatch(/^ecotone: the schema of .*newer\.db is newer than this server \(it has migration 9999_from_the_future, unknown here\)[^\n]*$/);
    }
  });

  it('refuses a --jwt-claim that names no known field, in one line', async () => {
    const refused = await run(['serve', '--db', join(dir, 'claims.db'), '--auth', 'jwt', '--jwt-secret', 'a-secret-that-is-long-enough-for-hs256!', '--jwt-claim', 'office=office_location']);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('--jwt-claim expects <field>=<claim> with a field among name, email, locale, site, title, picture, timeZone, clearance, got "office=office_location"');
  });

  it('refuses an --auditor that is no person id, in one line', async () => {
    const refused = await run(['serve', '--db', join(dir, 'auditor.db'), '--auth', 'dev', '--auditor', 'amelie', '--auditor', 'Amélie Durand']);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('--auditor: "Amélie Durand" is not a person id (letters, digits, _ and -)');
  });

  it('refuses a --group-space that is not <group>=<space>[:role], and a groups claim without rules', async () => {
    const jwt = ['serve', '--db', join(dir, 'groups.db'), '--auth', 'jwt', '--jwt-secret', 'a-secret-that-is-long-enough-for-hs256!'];
    const badRole = await run([...jwt, '--group-space', 'CN=Lab,DC=corp=rnd:admin']);
    expect(badRole.code).toBe(2);
    expect(badRole.output).toContain('--group-space expected <group>=<space>[:owner|correspondent|member|reader], got "CN=Lab,DC=corp=rnd:admin"');
    const claimAlone = await run([...jwt, '--jwt-groups-claim', 'roles']);
    expect(claimAlone.code).toBe(2);
    expect(claimAlone.output).toContain('--jwt-groups-claim needs at least one --group-space rule');
  });

  it('asks for the ballot secret with PostgreSQL, where no file sits beside the database', async () => {
    const refused = await run(['serve', '--db', 'postgres://ecotone@127.0.0.1:1/ecotone', '--auth', 'dev']);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('with PostgreSQL, give --ballot-secret-file or ECOTONE_BALLOT_SECRET');
  });
});

/** A demo world exported from the browser (LocalTransport, Pia's prototype) into `name` in the test folder. */
async function exportedWorld(name: string): Promise<string> {
  const local = new LocalTransport({ indexedDB: new IDBFactory(), database: name, seed: 'demo', person: { id: 'pia', displayName: 'Pia Proto', locale: 'en' } });
  const file = join(dir, `${name}.json`);
  await writeFile(file, await local.exportJson());
  local.close();
  return file;
}

describe('ecotone import', () => {
  it('makes a world exported from the browser real spaces in a new database, which the server then serves', async () => {
    const file = await exportedWorld('cli-import');
    const db = join(dir, 'imported.db');
    const imported = await run(['import', file, '--db', db]);
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toContain(`Imported ${file} into`);
    expect(imported.output).toContain('1 spaces, 4 people (0 already there, kept as they were), 4 memberships');
    expect(existsSync(`${db}.ballot-secret`)).toBe(true);
    const server = await serve(['--db', db, '--auth', 'dev']);
    try {
      const res = await fetch(`${server.url}/api/v1/spaces/prototype-lab/feed`, { headers: { authorization: 'Bearer dev:pia' } });
      const feed = (await res.json()) as { items: { author: { id: string } }[]; pinned?: unknown[] };
      expect(res.status).toBe(200);
      expect(feed.items.length + (feed.pinned?.length ?? 0)).toBe(3);
    } finally {
      await server.stop();
    }
    const again = await run(['import', file, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.output).toContain('import refused, nothing written: the database already has the space prototype-lab');
  });

  it('exports a space as ActivityStreams 2.0 and imports it into another database, which the server then serves', async () => {
    const world = await exportedWorld('cli-as2');
    const from = join(dir, 'as2-from.db');
    expect((await run(['import', world, '--db', from])).code).toBe(0);
    const out = join(dir, 'as2-export');
    const exported = await run(['export', '--space', 'prototype-lab', '--format', 'as2', '--out', out, '--db', from]);
    expect(exported.code, exported.output).toBe(0);
    expect(exported.output).toContain(`Exported prototype-lab to ${join(out, 'space.jsonld')}`);
    const doc = JSON.parse(await readFile(join(out, 'space.jsonld'), 'utf8')) as { type: string; context: { type: string } };
    expect([doc.type, doc.context.type]).toEqual(['OrderedCollection', 'Group']);
    const audit = await run(['audit', 'export', '--db', from]);
    expect(audit.output).toContain('"action":"space.export"');

    const to = join(dir, 'as2-to.db');
    const imported = await run(['import', out, '--db', to, '--space', 'lab-copy']);
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toContain(`Imported ${out} into lab-copy`);
    const server = await serve(['--db', to, '--auth', 'dev']);
    try {
      const res = await fetch(`${server.url}/api/v1/spaces/lab-copy/feed`, { headers: { authorization: 'Bearer dev:pia' } });
      const feed = (await res.json()) as { items: unknown[]; pinned?: unknown[] };
      expect(res.status).toBe(200);
      expect(feed.items.length + (feed.pinned?.length ?? 0)).toBe(3);
    } finally {
      await server.stop();
    }
    const again = await run(['import', out, '--db', to, '--space', 'lab-copy']);
    expect(again.code).toBe(1);
    expect(again.output).toContain('import refused, nothing written: the database already has the space lab-copy');
    const both = await run(['import', out, '--db', to, '--space', 'a', '--into', 'b']);
    expect(both.code).toBe(2);
  });

  it('refuses a file that is no world export in one line, and exits non-zero', async () => {
    const db = join(dir, 'refusing.db');
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, 'hello');
    const refusedJson = await run(['import', notJson, '--db', db]);
    expect(refusedJson.code).toBe(1);
    expect(refusedJson.output).toContain(`import refused, nothing written: ${notJson} is not JSON`);
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ format: 'something-else', version: 1 }));
    const refusedFormat = await run(['import', other, '--db', db]);
    expect(refusedFormat.code).toBe(1);
    expect(refusedFormat.output).toContain('import refused, nothing written: not an Ecotone world: "format" is "something-else"');
    expect(refusedFormat.output).not.toMatch(/\n\s+at /);
    const missing = await run(['import', '--db', db]);
    expect(missing.code).toBe(2);
  });
});
