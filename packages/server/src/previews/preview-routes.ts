import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { LinkPreview, PreviewRequest } from '@ecotone/protocol/schemas';
import { HttpProblem, notFound } from '../http/errors.js';
import { findPreviewImage } from './preview-repository.js';
import { apiPath } from '../http/paths.js';
import { requireReadableSpace } from '../policy/authz.js';
import { requireCapabilities } from '../spaces/capability-service.js';

/** How long browsers keep a preview image, in seconds (its URL changes with its bytes). */
const IMAGE_MAX_AGE_S = 7 * 24 * 60 * 60;

const ImageParams = Type.Object({ image: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/** POST /previews: authenticated; registered in the secured scope. */
export const previewRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    apiPath(routes.previews),
    {
      schema: { body: PreviewRequest, response: { 200: LinkPreview } },
      // Each one may make the server contact another host: a budget of its own.
      config: { limitClass: 'preview' },
      // Before validation: with egress off the answer is the same whatever
      // was sent, and nothing is looked at, resolved or fetched.
      preValidation: async () => {
        if (!app.ecotone.previews.enabled) throw new HttpProblem('previews_disabled', 'Link previews are disabled on this server');
      },
    },
    async (request): Promise<LinkPreview> => {
      const { spaceId } = request.body;
      if (spaceId !== undefined) {
        // A link written in a space that offers no link previews is not fetched (an unreadable space is 404).
        const { space } = await requireReadableSpace(app.ecotone.db, request.actor, spaceId);
        requireCapabilities(space.capabilities, [{ capability: 'previews' }], app.ecotone.reactionKinds);
      }
      return app.ecotone.previews.preview(request.body.url);
    },
  );
};

/**
 * GET /previews/images/:id, without authentication: an <img> cannot send
 * an Authorization header. Ids are keyed hashes only this server can make
 * (previews/images.ts), so an id is only known from a preview.
 */
export const previewImageRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  app.get(apiPath(routes.previewImage, ':image'), { schema: { params: ImageParams } }, async (request, reply) => {
    const image = await findPreviewImage(app.ecotone.db, request.params.image);
    if (!image) throw notFound('Image');
    return reply
      .header('content-type', image.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      // Private: the image may come from an intranet page; no shared cache keeps it.
      .header('cache-control', `private, max-age=${IMAGE_MAX_AGE_S}, immutable`)
      // Embedding pages live on other origins (the SDK is embedded).
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(image.bytes);
  });
};
