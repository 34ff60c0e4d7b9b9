import type { EcotoneClient } from '@ecotone/core';

/** The stable code of an error, when it has one. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * A person-readable sentence for an error, in `locale`: core's translated
 * sentence for the error's code (`client.errorMessage`), rather than a second
 * copy shipped with the elements. Those sentences load on a page's first
 * error; the element re-renders when they arrive (LocalizeController).
 */
export function errorSentence(client: EcotoneClient | undefined, err: unknown, locale: string): string {
  if (!client) return err instanceof Error ? err.message : String(err);
  return client.errorMessage(err, locale);
}
