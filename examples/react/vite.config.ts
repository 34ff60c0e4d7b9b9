import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into the examples that `npm start` serves, at /react/.
export default defineConfig({
  base: '/react/',
  plugins: [react()],
  build: { outDir: '../../dist/examples/react', emptyOutDir: true, target: 'es2022' },
  // `npm run dev -w examples/react` beside `npm start`: the API stays on the reference server.
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
