import { expect } from '@open-wc/testing';
import type { CSSResultGroup } from 'lit';
import { tokens } from './tokens.js';
import { EcoProvider } from '../provider/provider.component.js';
import { EcoLikeButton } from '../like-button/like-button.component.js';
import { EcoPost } from '../post/post.component.js';
import { EcoFeed } from '../feed/feed.component.js';
import { EcoComposer } from '../composer/composer.component.js';
import { EcoPoll } from '../poll/poll.component.js';
import { EcoSurvey } from '../survey/survey.component.js';
import { EcoPollEditor } from '../poll-editor/poll-editor.component.js';
import { EcoLinkCard } from '../link-card/link-card.component.js';
import { EcoKnowledgeNote } from '../knowledge-note/knowledge-note.component.js';
import { EcoKnowledgeSearch } from '../knowledge-search/knowledge-search.component.js';
import { EcoComments } from '../comments/comments.component.js';

const ELEMENTS = { EcoProvider, EcoLikeButton, EcoPost, EcoFeed, EcoComposer, EcoPoll, EcoSurvey, EcoPollEditor, EcoLinkCard, EcoKnowledgeNote,
  EcoKnowledgeSearch, EcoComments };

function cssText(styles: CSSResultGroup | undefined): string {
  if (!styles) return '';
  if (Array.isArray(styles)) return styles.map((s) => cssText(s as CSSResultGroup)).join('\n');
  return 'cssText' in styles ? styles.cssText : '';
}

const referenced = (css: string) => new Set([...css.matchAll(/var\(\s*(--eco-[\w-]+)/g)].map((m) => m[1]!));
const defined = (css: string) => new Set([...css.matchAll(/(--eco-[\w-]+)\s*:/g)].map((m) => m[1]!));

describe('design tokens', () => {
  const globalTokens = new Set(Object.keys(tokens));

  for (const [name, element] of Object.entries(ELEMENTS)) {
    it(`${name}: every --eco-* variable it reads is a global token or defined on its :host`, () => {
      const css = cssText(element.styles);
      const own = defined(css);
      const undefinedVars = [...referenced(css)].filter((v) => !globalTokens.has(v) && !own.has(v));
      expect(undefinedVars).to.deep.equal([]);
    });

    it(`${name}: every variable it defines on :host is used`, () => {
      const css = cssText(element.styles);
      const used = referenced(css);
      expect([...defined(css)].filter((v) => !used.has(v))).to.deep.equal([]);
    });

    it(`${name}: its own variables are named after it`, () => {
      const tag = name.replace(/^Eco/, '').replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
      const own = [...defined(cssText(element.styles))];
      expect(own.filter((v) => !v.startsWith(`--eco-${tag}-`))).to.deep.equal([]);
    });
  }

  it('every global token is used by some element', () => {
    const used = new Set<string>();
    for (const element of Object.values(ELEMENTS)) referenced(cssText(element.styles)).forEach((v) => used.add(v));
    expect([...globalTokens].filter((t) => !used.has(t))).to.deep.equal([]);
  });

  it('a page can theme every element through a global token', async () => {
    document.documentElement.style.setProperty('--eco-color-accent', 'rgb(1, 2, 3)');
    const el = document.createElement('div');
    document.body.append(el);
    const probe = document.createElement('span');
    probe.style.color = 'var(--eco-color-accent, red)';
    el.append(probe);
    expect(getComputedStyle(probe).color).to.equal('rgb(1, 2, 3)');
    document.documentElement.style.removeProperty('--eco-color-accent');
    el.remove();
  });
});
