/**
 * Global setup of the PostgreSQL test run (vitest.config.ts): one
 * throwaway template database, migrated once, that every test server copies
 * (./_test-engine.ts); at the end, every database the run made is dropped.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openPostgres } from './db/database.js';
import { databaseUrl, runAsAdmin } from './_test-engine.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env['ECOTONE_TEST_PG'];
  if (!adminUrl) throw new Error('ECOTONE_TEST_PG is not set');
  const prefix = `ecotone_test_${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_template`;
  await runAsAdmin(adminUrl, `CREATE DATABASE "${template}"`);
  const db = openPostgres(databaseUrl(adminUrl, template), { poolSize: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('postgresTestRun', { adminUrl, template, prefix });
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
