import { describe, expect, it } from 'vitest';
import { describeLocation, parseDatabaseLocation } from './engine.js';

describe('where the database is', () => {
  it('reads postgres URLs as PostgreSQL and everything else as a SQLite file', () => {
    expect(parseDatabaseLocation('postgres://u:p@db.example:5432/ecotone')).toEqual({ engine: 'postgres', url: 'postgres://u:p@db.example:5432/ecotone' });
    expect(parseDatabaseLocation('postgresql://db.example/ecotone')).toEqual({ engine: 'postgres', url: 'postgresql://db.example/ecotone' });
    expect(parseDatabaseLocation('data/ecotone.db')).toEqual({ engine: 'sqlite', path: 'data/ecotone.db' });
    expect(parseDatabaseLocation('sqlite:data/ecotone.db')).toEqual({ engine: 'sqlite', path: 'data/ecotone.db' });
    expect(parseDatabaseLocation('sqlite:///var/lib/ecotone.db')).toEqual({ engine: 'sqlite', path: '/var/lib/ecotone.db' });
    expect(parseDatabaseLocation(':memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
  });

  it('never shows a password when it names a database', () => {
    const shown = describeLocation(parseDatabaseLocation('postgres://ecotone:s3cret-pw@db.example:5432/ecotone'));
    expect(shown).toBe('postgres://ecotone:***@db.example:5432/ecotone');
    expect(describeLocation({ engine: 'postgres', url: 'postgres://ecotone:s3cret@[bad' })).not.toContain('s3cret');
  });
});
