import { expect } from '@open-wc/testing';
import { EcoLikeButton } from './like-button/like-button.component.js';
import { EcoPost } from './post/post.component.js';
import { EcoFeed } from './feed/feed.component.js';
import { EcoComposer } from './composer/composer.component.js';
import { EcoProvider } from './provider/provider.component.js';

const TAGS = ['eco-provider', 'eco-like-button', 'eco-post', 'eco-feed', 'eco-composer'];

describe('registration', () => {
  it('importing the classes registers no tag', () => {
    expect([EcoLikeButton, EcoPost, EcoFeed, EcoComposer, EcoProvider]).to.have.length(5);
    expect(TAGS.filter((t) => customElements.get(t))).to.deep.equal([]);
  });

  it('a define module registers its tag and the tags it renders, once', async () => {
    await import('./feed/feed.js');
    expect(customElements.get('eco-feed')).to.equal(EcoFeed);
    expect(customElements.get('eco-post')).to.equal(EcoPost);
    expect(customElements.get('eco-like-button')).to.equal(EcoLikeButton);
    expect(customElements.get('eco-composer')).to.equal(undefined);
    await import('./index.js');
    expect(TAGS.filter((t) => !customElements.get(t))).to.deep.equal([]);
  });
});
