import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Built into the examples that `npm start` serves, at /vue/.
export default defineConfig({
  base: '/vue/',
  plugins: [
    vue({
      // The <eco-*> tags are custom elements, not Vue components: Vue renders them as they are.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('eco-') } },
    }),
  ],
  build: { outDir: '../../dist/examples/vue', emptyOutDir: true, target: 'es2022' },
  // `npm run dev -w examples/vue` beside `npm start`: the API stays on the reference server.
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
