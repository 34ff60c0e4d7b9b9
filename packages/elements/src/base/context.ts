import { createContext } from '@lit/context';
import type { EcotoneClient } from '@ecotone/core';

/**
 * Context key under which `<eco-provider>` offers its client. Custom widgets
 * consume it with `@consume({ context: clientContext, subscribe: true })`.
 */
export const clientContext = createContext<EcotoneClient | undefined>(Symbol.for('ecotone:client'));
