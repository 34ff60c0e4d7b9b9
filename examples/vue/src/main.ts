import { createApp } from 'vue';
// Registering the elements before Vue mounts: Vue then sets what an element
// has (post, client…) as a property rather than as an attribute.
import '@ecotone/elements/provider.js';
import '@ecotone/elements/post.js';
import '@ecotone/elements/composer.js';
import App from './App.vue';
import './app.css';

createApp(App).mount('#app');
