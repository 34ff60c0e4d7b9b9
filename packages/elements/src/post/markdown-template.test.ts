import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { MARKDOWN_CACHE_MAX_BODIES, parseMarkdownOnce, renderBody } from './markdown-template.js';

describe('renderBody', () => {
  it('renders a body from its Markdown', () => {
    const host = document.createElement('div');
    render(renderBody('Some **bold** text'), host);
    expect(host.querySelector('p strong')!.textContent).to.equal('bold');
  });

  it('shows the raw text when parsing fails, so one item degrades instead of its list', () => {
    const host = document.createElement('div');
    const failing = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    render(renderBody('<b>not bold</b> **raw**', failing), host);
    expect(host.querySelector('p')!.textContent).to.equal('<b>not bold</b> **raw**');
    expect(host.querySelector('b, strong')).to.equal(null);
  });

  it('parses a body once while it is among the last bodies used, and forgets the oldest beyond them', () => {
    const body = 'A **cached** body';
    const first = parseMarkdownOnce(body);
    expect(parseMarkdownOnce(body)).to.equal(first);
    // Other bodies used since: the cache keeps the most recently used ones only.
    for (let i = 0; i < MARKDOWN_CACHE_MAX_BODIES - 1; i++) parseMarkdownOnce(`body ${i}`);
    expect(parseMarkdownOnce(body)).to.equal(first);
    for (let i = 0; i < MARKDOWN_CACHE_MAX_BODIES; i++) parseMarkdownOnce(`other body ${i}`);
    const again = parseMarkdownOnce(body);
    expect(again).not.to.equal(first);
    expect(again).to.deep.equal(first);
  });
});
