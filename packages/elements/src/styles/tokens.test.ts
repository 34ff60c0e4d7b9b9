import { expect } from '@open-wc/testing';
import type { CSSResultGroup } from 'lit';
import { tokens, type TokenName } from './tokens.js';
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
import { EcoConnectionStatus } from '../connection-status/connection-status.component.js';
import { EcoNotifications } from '../notifications/notifications.component.js';
import { EcoNotificationList } from '../notifications/notification-list.component.js';
import { EcoNotificationSettings } from '../notification-settings/notification-settings.component.js';
import { EcoSpaceSettings } from '../space-settings/space-settings.component.js';

import { EcoPerson } from '../person/person.component.js';
import { EcoPersonDialog } from '../person/person-dialog.component.js';
import { EcoTalkShowQuestions } from '../talk-show/talk-show-questions.component.js';
import { EcoTalkShowEditor } from '../talk-show-editor/talk-show-editor.component.js';
import { EcoAuditLog } from '../audit-log/audit-log.component.js';
import { EcoWatchItem } from '../watch/watch-item.component.js';
import { EcoQuotedPost } from '../quote/quoted-post.component.js';
import { EcoWatchSources } from '../watch/watch-sources.component.js';
import { EcoModeration } from '../moderation/moderation.component.js';
import { EcoReportDialog } from '../moderation/report-dialog.component.js';
import { EcoClassification } from '../classification/classification.component.js';

const ELEMENTS = { EcoProvider, EcoLikeButton, EcoPost, EcoFeed, EcoComposer, EcoPoll, EcoSurvey, EcoPollEditor, EcoLinkCard, EcoKnowledgeNote,
  EcoKnowledgeSearch, EcoComments, EcoConnectionStatus, EcoNotifications, EcoNotificationList, EcoNotificationSettings, EcoPerson, EcoPersonDialog, EcoTalkShowQuestions,
  EcoTalkShowEditor, EcoAuditLog, EcoWatchItem, EcoQuotedPost, EcoWatchSources, EcoSpaceSettings, EcoModeration, EcoReportDialog, EcoClassification };

function cssText(styles: CSSResultGroup | undefined): string {
  if (!styles) return '';
  if (Array.isArray(styles)) return styles.map((s) => cssText(s as CSSResultGroup)).join('\n');
  return 'cssText' in styles ? styles.cssText : '';
}

const referenced = (css: string) => new Set([...css.matchAll(/var\(\s*(--eco-[\w-]+)/g)].map((m) => m[1]!));
// A global token an element sets for what it holds is not a variable of its
// own: the provider sets --eco-color-scheme from its theme attribute.
const SET_FOR_DESCENDANTS: Record<string, string[]> = { EcoProvider: ['--eco-color-scheme'] };
const defined = (css: string, name = '') =>
  new Set([...css.matchAll(/(--eco-[\w-]+)\s*:/g)].map((m) => m[1]!).filter((v) => !SET_FOR_DESCENDANTS[name]?.includes(v)));

describe('design tokens', () => {
  const globalTokens = new Set(Object.keys(tokens));

  for (const [name, element] of Object.entries(ELEMENTS)) {
    it(`${name}: every --eco-* variable it reads is a global token or defined on its :host`, () => {
      const css = cssText(element.styles);
      const own = defined(css, name);
      const undefinedVars = [...referenced(css)].filter((v) => !globalTokens.has(v) && !own.has(v));
      expect(undefinedVars).to.deep.equal([]);
    });

    it(`${name}: every variable it defines on :host is used`, () => {
      const css = cssText(element.styles);
      const used = referenced(css);
      expect([...defined(css, name)].filter((v) => !used.has(v))).to.deep.equal([]);
    });

    it(`${name}: its own variables are named after it`, () => {
      const tag = name.replace(/^Eco/, '').replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
      const own = [...defined(cssText(element.styles), name)];
      expect(own.filter((v) => !v.startsWith(`--eco-${tag}-`))).to.deep.equal([]);
    });
  }

  it('every global token is used by some element', () => {
    const used = new Set<string>();
    for (const element of Object.values(ELEMENTS)) referenced(cssText(element.styles)).forEach((v) => used.add(v));
    expect([...globalTokens].filter((t) => !used.has(t))).to.deep.equal([]);
  });

  it('keeps text at 4.5:1 (WCAG AA) on every background it is used on, in both themes', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const pairs: [TokenName, TokenName][] = [
      ...(['--eco-color-text', '--eco-color-text-muted', '--eco-color-accent', '--eco-color-danger'] as const).flatMap((fg) =>
        (['--eco-color-surface', '--eco-color-surface-raised', '--eco-color-accent-soft', '--eco-color-danger-soft'] as const).map(
          (bg): [TokenName, TokenName] => [fg, bg],
        ),
      ),
      ['--eco-color-accent-text', '--eco-color-accent'],
    ];
    const low: string[] = [];
    for (const [theme, i] of [['light', 0], ['dark', 1]] as const) {
      for (const [fg, bg] of pairs) {
        const ratio = contrast((tokens[fg] as readonly string[])[i]!, (tokens[bg] as readonly string[])[i]!);
        if (ratio < 4.5) low.push(`${theme}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
      }
    }
    expect(low).to.deep.equal([]);
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
