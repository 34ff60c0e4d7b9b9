import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { renderBody } from './markdown-template.js';

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
});
