import '@ecotone/elements/provider.js';
import '@ecotone/elements/link-card.js';
