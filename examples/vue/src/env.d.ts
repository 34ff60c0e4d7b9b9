// The <eco-*> tags of templates type-check (vue-tsc) through the types generated from the elements' manifest.
import type {} from '@ecotone/elements/vue';
