import { expect } from '@open-wc/testing';
import type { KnowledgeNote } from '@ecotone/protocol';
import { changesFrom, draftOf, draftProblems, rebase } from './note-draft.js';

const author = { id: 'alice', displayName: 'Alice' } as KnowledgeNote['owner'];

function note(overrides: Partial<KnowledgeNote> = {}): KnowledgeNote {
  return {
    id: 'n1',
    spaceId: 'news',
    owner: author,
    title: 'Network security',
    body: 'The quick brown fox',
    language: 'en',
    sources: [],
    tags: ['security'],
    maturity: 'draft',
    reviewBy: null,
    promotedFrom: null,
    revision: 1,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    updatedBy: author,
    canEdit: true,
    ...overrides,
  };
}

describe('note draft', () => {
  it('sends only the fields that changed', () => {
    const draft = { ...draftOf(note()), title: ' Zero trust ', tags: 'Security, Network' };
    expect(changesFrom(draft, note())).to.deep.equal({ title: 'Zero trust', tags: ['security', 'network'] });
    expect(changesFrom(draftOf(note()), note())).to.deep.equal({});
  });

  it('refuses what the server would refuse, field by field', () => {
    const problems = draftProblems({ ...draftOf(note()), title: '  ', tags: 'ok, not ok', sources: 'ftp://example.com' });
    expect(problems.title?.key).to.equal('noteTitleRequired');
    expect(problems.tags).to.deep.equal({ key: 'noteTagInvalid', values: { tag: 'not ok' } });
    expect(problems.sources).to.deep.equal({ key: 'noteSourceInvalid', values: { url: 'ftp://example.com' } });
    expect(draftProblems(draftOf(note()))).to.deep.equal({});
  });

  it('keeps what the person typed and takes the rest from their save', () => {
    const mine = { ...draftOf(note()), body: 'My body' };
    const theirs = note({ title: 'Their title', body: 'Their body', revision: 2 });
    const rebased = rebase(mine, note(), theirs);
    expect(rebased.body).to.equal('My body');
    expect(rebased.title).to.equal('Their title');
  });
});
