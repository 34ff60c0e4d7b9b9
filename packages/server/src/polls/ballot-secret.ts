import { createHmac, randomBytes } from 'node:crypto';
import { link, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { claimSetting, findSetting } from '../db/settings-repository.js';

/** Random bytes of a generated ballot secret. */
const BALLOT_SECRET_BYTES = 32;
/** Shortest configured ballot secret accepted, in characters. */
const BALLOT_SECRET_MIN_CHARS = 32;
/** A secret file holds at least 32 bytes as base64url text. */
const SECRET_FILE_TEXT = /^[A-Za-z0-9_-]{43,}$/;
/** Permission bits that let anyone but the owner read or replace the file. */
const GROUP_OR_OTHER_BITS = 0o077;
const OWNER_ONLY_MODE = 0o600;
/** Where versions before 0.2 kept the generated secret: moved out on first start. */
const LEGACY_SETTING = 'ballot_secret';
/**
 * A keyed fingerprint of the secret, kept in the database to notice a start
 * with another secret. It reveals nothing a database reader does not already
 * have: the ballots' voter keys are HMACs under the same secret too.
 */
const CHECK_SETTING = 'ballot_secret_check';
const CHECK_LABEL = 'ecotone ballot secret check v1';

/** Where the key of anonymous voter hashes comes from. */
export type BallotSecretSource =
  /** Configured text, 32+ characters (`--ballot-secret`, `ECOTONE_BALLOT_SECRET`); its UTF-8 bytes are the key. */
  | { secret: string }
  /** A file holding the key as base64url text, created (mode 0600) when missing. */
  | { file: string }
  /** A random key for this process only: for in-memory databases, which end with it. */
  | { ephemeral: true };

/** The default secret file of a SQLite database: beside it, never inside it. */
export function defaultBallotSecretFile(databasePath: string): string {
  return `${databasePath}.ballot-secret`;
}

/**
 * Picks the source from what an embedder or the CLI gave: a configured secret,
 * a file, or, for a database opened from a path, the file beside it. A Kysely
 * instance says nothing about where its data lives, so it needs one of the two.
 */
export function chooseBallotSecretSource(options: {
  databasePath: string | undefined;
  ballotSecret?: string | undefined;
  ballotSecretFile?: string | undefined;
}): BallotSecretSource {
  const { databasePath, ballotSecret, ballotSecretFile } = options;
  if (ballotSecret !== undefined && ballotSecretFile !== undefined) {
    throw new Error('Give either a ballot secret or a ballot secret file, not both.');
  }
  if (ballotSecret !== undefined) return { secret: ballotSecret };
  if (ballotSecretFile !== undefined) return { file: ballotSecretFile };
  if (databasePath === ':memory:') return { ephemeral: true };
  if (databasePath !== undefined) return { file: defaultBallotSecretFile(databasePath) };
  throw new Error(
    'The key of anonymous ballots is kept outside the database: with a Kysely instance or a PostgreSQL URL, give ballotSecret (32+ characters) or ballotSecretFile.',
  );
}

/**
 * The key of anonymous voter hashes. It is never stored in the database:
 * whoever holds both can recompute HMAC(secret, poll, person) for every
 * person and link anonymous ballots to voters. It must never change for a
 * database either: a new key would let everyone vote a second time in open
 * anonymous polls, so a start with another key is refused.
 *
 * A database from an earlier version that still holds its generated secret
 * (`settings.ballot_secret`) has it moved to the file: written in full and
 * flushed to disk first, then deleted from the database.
 */
export async function loadBallotSecret(db: Kysely<Database>, source: BallotSecretSource): Promise<Buffer> {
  const legacy = await findSetting(db, LEGACY_SETTING);
  let key: Buffer;
  let described: string;
  if ('secret' in source) {
    if (source.secret.length < BALLOT_SECRET_MIN_CHARS) {
      throw new Error(`The ballot secret must have at least ${BALLOT_SECRET_MIN_CHARS} characters`);
    }
    if (legacy !== undefined) {
      throw new Error(
        'This database still holds a generated ballot secret (settings row "ballot_secret", from an earlier version), which its ' +
          'anonymous ballots may be keyed with. Start once with --ballot-secret-file <path> instead of --ballot-secret to move it ' +
          'out of the database; if its ballots were keyed with the configured secret instead, delete that row.',
      );
    }
    key = Buffer.from(source.secret, 'utf8');
    described = 'the configured ballot secret';
  } else if ('file' in source) {
    let text = await readSecretFile(source.file);
    if (text === undefined && legacy === undefined && (await findSetting(db, CHECK_SETTING)) !== undefined) {
      throw new Error(
        `Refusing to start: the ballot secret file ${source.file} is missing, and this database's anonymous ballots were ` +
          'keyed with the secret it held (a new one would let everyone vote again). Restore it from the backup of the secret ' +
          `file, or point --ballot-secret-file at it. If it is lost for good, delete the settings row "${CHECK_SETTING}" to ` +
          'start with a new secret (past anonymous voters can then vote again).',
      );
    }
    if (text === undefined) {
      // Whichever of two servers starting at once creates the file first wins; the other reads it.
      const created = await createSecretFile(source.file, legacy ?? randomBytes(BALLOT_SECRET_BYTES).toString('base64url'));
      text = created ?? (await readSecretFile(source.file));
      if (text === undefined) throw new Error(`The ballot secret file ${source.file} vanished while starting`);
    }
    if (legacy !== undefined && legacy !== text) {
      throw new Error(
        `The ballot secret file ${source.file} differs from the secret this database still holds (settings row "ballot_secret", ` +
          'from an earlier version), which its anonymous ballots are keyed with. Move or delete the file to have that secret moved into it.',
      );
    }
    key = Buffer.from(text, 'base64url');
    described = `the ballot secret file ${source.file}`;
  } else {
    key = randomBytes(BALLOT_SECRET_BYTES);
    described = 'a new ballot secret';
  }

  const check = createHmac('sha256', key).update(CHECK_LABEL).digest('base64url');
  await db.transaction().execute(async (trx) => {
    // Only once the file is on disk: from here the database no longer holds the secret.
    if ('file' in source && legacy !== undefined) {
      await trx.deleteFrom('settings').where('key', '=', LEGACY_SETTING).where('value', '=', legacy).execute();
    }
    const stored = await claimSetting(trx, CHECK_SETTING, check);
    if (stored !== check) {
      throw new Error(
        `Refusing to start: ${described} is not the one this database's anonymous ballots were keyed with (with another ` +
          'secret everyone could vote again). Restore the secret file that was backed up with this database. If it is lost ' +
          `for good, delete the settings row "${CHECK_SETTING}" to start with this one (past anonymous voters can then vote again).`,
      );
    }
  });
  return key;
}

/** The file's text, or undefined when it does not exist; refuses a file others may read or replace. */
async function readSecretFile(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // The opened file's own status: it cannot be swapped between the check and the read.
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`The ballot secret file ${path} is not a regular file`);
    // Windows has no such mode bits; its ACLs are the administrator's to set.
    if (process.platform !== 'win32' && (info.mode & GROUP_OR_OTHER_BITS) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
      throw new Error(
        `Refusing to start: the ballot secret file ${path} can be read or changed by others (mode ${mode}); whoever reads it ` +
          `and the database can link anonymous ballots to voters. Make it owner-only: chmod 600 ${path}`,
      );
    }
    const text = (await handle.readFile('utf8')).trim();
    if (!SECRET_FILE_TEXT.test(text)) {
      throw new Error(`The ballot secret file ${path} must hold at least ${BALLOT_SECRET_BYTES} random bytes as base64url text (43+ characters of A-Z, a-z, 0-9, - and _)`);
    }
    return text;
  } finally {
    await handle.close();
  }
}

/**
 * Creates the secret file, owner-only, without ever showing a half-written
 * one: the text goes to a temporary file that is flushed to disk, then
 * hard-linked into place (which fails if the file appeared meanwhile).
 * Resolves with the text, or undefined when another process created it first.
 */
async function createSecretFile(path: string, text: string): Promise<string | undefined> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', OWNER_ONLY_MODE);
  try {
    await handle.writeFile(`${text}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await unlink(temporary);
  }
  await syncDirectory(dirname(path));
  return text;
}

/** Makes a new directory entry durable (POSIX); a no-op where directories cannot be opened. */
async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some platforms and file systems cannot flush a directory; the file itself is.
  } finally {
    await handle.close();
  }
}
