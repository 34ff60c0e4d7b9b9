/**
 * The Markdown parser is a chunk of its own, loaded on first need (core's
 * loadMarkdown), out of the task that evaluates the SDK: in a file of its
 * own, so that the page has not loaded the parser yet, as on a page that just
 * opened.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { markdownParser } from '@ecotone/core';
import { defineElement } from '../base/define.js';
import { EcoPost } from './post.component.js';
import { renderBody } from './markdown-template.js';
import { backend, makePost, until } from '../_test-fixtures.js';

describe('the Markdown parser, loaded on first need', () => {
  it('shows a body as its text before the parser is there, and a post waits for it to render its body formatted', async function () {
    this.timeout(60_000);
    expect(markdownParser(), 'loaded with the elements').to.equal(undefined);

    // Rendered without the parser (it failed to load, say): the text, nothing lost. This asks for the parser.
    const host = document.createElement('div');
    render(renderBody('Some **bold** text'), host);
    expect(host.querySelector('p.raw')?.textContent).to.equal('Some **bold** text');
    expect(host.querySelector('strong')).to.equal(null);

    // A post shown while the parser loads: every state of its body ever in its DOM is the formatted one.
    defineElement('eco-post', EcoPost);
    const b = backend([makePost(1, { body: 'Some **bold** text' })]);
    const el = document.createElement('eco-post') as EcoPost;
    el.client = b.client;
    el.post = makePost(1, { body: 'Some **bold** text' });
    el.setAttribute('lang', 'en');
    const bodies: string[] = [];
    const container = await fixture<HTMLElement>(html`<div></div>`);
    expect(markdownParser(), 'loaded before the post was added').to.equal(undefined);
    container.append(el);
    const watch = new MutationObserver(() => {
      const body = el.shadowRoot!.querySelector('[part="body"]');
      if (body) bodies.push(body.querySelector('strong') ? 'formatted' : 'raw');
    });
    watch.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    await until(() => el.shadowRoot!.querySelector('[part="body"] strong')?.textContent === 'bold', 'the formatted body', 30_000);
    watch.disconnect();
    expect(markdownParser()).to.not.equal(undefined);
    expect(bodies).to.include('formatted');
    expect(bodies).to.not.include('raw');
    b.client.close();
  });
});
