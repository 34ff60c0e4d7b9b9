import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { loadMarkdown } from '@ecotone/core';
import type { Actor } from '@ecotone/protocol';
import { MARKDOWN_CACHE_MAX_BODIES, parseMarkdownOnce, renderBody, type MentionContext } from './markdown-template.js';

const lukas: Actor = { id: 'lukas', displayName: 'Lukas Weber-Hofmann', locale: 'de', site: 'Basel' };
const gone: Actor = { id: 'gone', displayName: 'Gina Old', locale: 'en', deactivated: true };
/** What the chips asked the element's person dialog to open. */
const opened: { actorId: string; name: string | undefined; trigger: HTMLElement | undefined }[] = [];
const context: MentionContext = {
  mentions: [lukas, gone],
  label: (name, former) => `${name}${former ? ', former member' : ''}, person card`,
  personDialog: {
    open: (actorId, options = {}) => {
      opened.push({ actorId, ...options } as (typeof opened)[number]);
      return true;
    },
  },
};

// Elements wait for the parser before their first render (updateAfterMarkdown); these calls do not.
before(() => loadMarkdown());

describe('renderBody', () => {
  it('renders a body from its Markdown', () => {
    const host = document.createElement('div');
    render(renderBody('Some **bold** text'), host);
    expect(host.querySelector('p strong')!.textContent).to.equal('bold');
  });

  it('renders a mention as a chip with the current name of the person, not the name as written', () => {
    const host = document.createElement('div');
    render(renderBody('Thanks [@Lukas Weber](mention:lukas)!', context), host);
    const chip = host.querySelector<HTMLButtonElement>('button.mention')!;
    expect(chip.textContent).to.equal('@Lukas Weber-Hofmann');
    expect(chip.getAttribute('aria-label')).to.equal('Lukas Weber-Hofmann, person card');
    expect(chip.getAttribute('part')).to.equal('mention');
    expect(chip.type).to.equal('button');
    expect(host.querySelector('p')!.textContent).to.equal('Thanks @Lukas Weber-Hofmann!');
  });

  it('names a person missing from the list by the name as written, and a former member as such', () => {
    const host = document.createElement('div');
    render(renderBody('[@Ana Lima](mention:ana) and [@Gina](mention:gone)', context), host);
    const [ana, gina] = host.querySelectorAll<HTMLButtonElement>('button.mention');
    expect(ana!.textContent).to.equal('@Ana Lima');
    expect(ana!.getAttribute('aria-label')).to.equal('Ana Lima, person card');
    expect(ana!.classList.contains('former')).to.equal(false);
    expect(gina!.textContent).to.equal('@Gina Old');
    expect(gina!.classList.contains('former')).to.equal(true);
    expect(gina!.getAttribute('aria-label')).to.equal('Gina Old, former member, person card');
  });

  it('shows a name through text bindings only: markup in it stays characters', () => {
    const host = document.createElement('div');
    const evil: Actor = { id: 'evil', displayName: '<img src=x onerror=alert(1)>', locale: 'en' };
    render(renderBody('[@x](mention:evil)', { ...context, mentions: [evil] }), host);
    expect(host.querySelector('img')).to.equal(null);
    expect(host.querySelector('button.mention')!.textContent).to.equal('@<img src=x onerror=alert(1)>');
  });

  it("opens the person through the element's person dialog, with the current name and the chip to give the focus back to", () => {
    const host = document.createElement('div');
    opened.length = 0;
    render(renderBody('Thanks [@Lukas Weber](mention:lukas)!', context), host);
    const chip = host.querySelector<HTMLButtonElement>('button.mention')!;
    chip.click();
    expect(opened).to.deep.equal([{ actorId: 'lukas', name: 'Lukas Weber-Hofmann', trigger: chip }]);
  });

  it('without an element to open it, emits eco-open-person (bubbling, composed, cancelable) with the person', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadowHost = document.createElement('div');
    host.append(shadowHost);
    const root = shadowHost.attachShadow({ mode: 'open' });
    render(renderBody('[@Lukas](mention:lukas)'), root);
    const events: CustomEvent[] = [];
    document.addEventListener('eco-open-person', (e) => events.push(e), { once: true });
    root.querySelector<HTMLButtonElement>('button.mention')!.click();
    host.remove();
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.deep.equal({ actorId: 'lukas' });
    expect(events[0]!.bubbles && events[0]!.composed && events[0]!.cancelable).to.equal(true);
    // Seen from the page, the event comes from the element, not from inside it.
    expect(events[0]!.target).to.equal(shadowHost);
  });

  it('shows the raw text when parsing fails, so one item degrades instead of its list', () => {
    const host = document.createElement('div');
    const failing = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    render(renderBody('<b>not bold</b> **raw**', undefined, failing), host);
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
