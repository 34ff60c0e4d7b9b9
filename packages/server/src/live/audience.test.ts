import { describe, expect, it } from 'vitest';
import type { EventAudience } from '@ecotone/protocol/rules';
import { audienceColumns, audienceFromColumns } from './audience.js';

describe('live event audiences as stored', () => {
  const drafters: EventAudience = { kind: 'drafters', authorId: 'hannah' };
  const person: EventAudience = { kind: 'person', actorId: 'marco' };

  it('round-trips through its columns, and an unknown stored value reaches nobody', () => {
    for (const audience of [{ kind: 'space' } as const, drafters, person]) {
      const columns = audienceColumns(audience);
      expect(audienceFromColumns(columns.audience, columns.audience_actor)).toEqual(audience);
    }
    expect(audienceFromColumns('drafters', null)).toBeNull();
    expect(audienceFromColumns('everyone', 'x')).toBeNull();
  });
});
