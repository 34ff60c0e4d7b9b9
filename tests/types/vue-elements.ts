// Brings the generated Vue types (@ecotone/elements/vue) into the type test of VueElements.vue.
import type {} from '@ecotone/elements/vue';
