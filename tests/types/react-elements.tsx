// Type test of the React 19 types generated from custom-elements.json
// (@ecotone/elements/react). Each `@ts-expect-error` must stay an error: if a
// generated type lost its precision, tsc would report the directive unused.
import type {} from '@ecotone/elements/react';
import type { EcoLikeButton } from '@ecotone/elements/like-button.component.js';
import type { Post } from '@ecotone/protocol';
import { useRef, useState } from 'react';

export function Page({ post }: { post: Post }) {
  const like = useRef<EcoLikeButton>(null);
  const [published, setPublished] = useState<string[]>([]);
  return (
    <eco-provider endpoint="" token="dev:amelie" lang="fr" key="provider" className="social">
      <eco-like-button
        ref={like}
        object="news-basel-lab"
        kind="celebrate"
        labelHidden
        class="reaction"
        oneco-reaction-change={(event) => {
          const active: boolean = event.detail.active;
          const objectId: string = event.detail.objectId;
          console.log(active, objectId);
        }}
      />
      <eco-like-button object="news-basel-lab" label-hidden />
      {/* An object as a property: React 19 sets what the element has as a property. */}
      <eco-post post={post} posinset={1} setsize={3} />
      <eco-post post-id="news-basel-lab" />
      <eco-composer
        space="general"
        oneco-publish={(event) => setPublished((ids) => [...ids, event.detail.post.id])}
        oneco-error={(event) => console.log(event.detail.action, event.detail.error.message)}
      />
      <eco-poll poll="poll-summer-party" oneco-vote={(event) => console.log(event.detail)} />

      {/* @ts-expect-error: `object` is a string id, not a number. */}
      <eco-like-button object={42} />
      {/* @ts-expect-error: `labelHidden` is a boolean. */}
      <eco-like-button object="x" labelHidden="yes" />
      <eco-like-button object="x" space="general" />
      {/* @ts-expect-error: eco-like-button has no `spaceId` property (it is `space`). */}
      <eco-like-button object="x" spaceId="general" />
      {/* @ts-expect-error: eco-publish carries a post, not an active flag. */}
      <eco-composer space="general" oneco-publish={(event) => event.detail.active} />
      {/* @ts-expect-error: no such element. */}
      <eco-unknown />
      <p>{published.length}</p>
    </eco-provider>
  );
}
