/**
 * Global setup of the PostgreSQL test run (vitest.config.ts): two
 * throwaway template databases that every test server copies
 * (./_test-engine.ts), one migrated, one seeded too; at the end, every
 * database the run made is dropped.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openPostgres } from './db/database.js';
import { loadBallotSecret } from './polls/ballot-secret.js';
import { seedDemo } from './seed/demo.js';
import { TEST_NOW } from './_harness.js';
import { databaseUrl, runAsAdmin } from './_test-engine.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env['ECOTONE_TEST_PG'];
  if (!adminUrl) throw new Error('ECOTONE_TEST_PG is not set');
  const prefix = `ecotone_test_${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_template`;
  // With a language collation, as companies' databases have (en_US…), so
  // that the byte order the schema gives text columns is what is tested;
  // the server's default where ICU is not built in.
  await runAsAdmin(adminUrl, `CREATE DATABASE "${template}" LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0`).catch(() =>
    runAsAdmin(adminUrl, `CREATE DATABASE "${template}"`),
  );
  const db = openPostgres(databaseUrl(adminUrl, template), { poolSize: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  // Seeded as the harness seeds a SQLite file, with a secret file of its own.
  const seededTemplate = `${prefix}_seeded`;
  await runAsAdmin(adminUrl, `CREATE DATABASE "${seededTemplate}" TEMPLATE "${template}"`);
  const dir = await mkdtemp(join(tmpdir(), 'ecotone-pg-setup-'));
  const seeded = openPostgres(databaseUrl(adminUrl, seededTemplate), { poolSize: 1 });
  let seededBallotSecret: string;
  try {
    const file = join(dir, 'ballot-secret');
    await seedDemo(seeded, { now: TEST_NOW, ballotSecret: await loadBallotSecret(seeded, { file }) });
    seededBallotSecret = (await readFile(file, 'utf8')).trim();
  } finally {
    await seeded.destroy();
    await rm(dir, { recursive: true, force: true });
  }
  project.provide('postgresTestRun', { adminUrl, template, seededTemplate, seededBallotSecret, prefix });
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const left = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
      for (const { datname } of left.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
