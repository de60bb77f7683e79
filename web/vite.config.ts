import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API that `alex serve` answers on by default; `npm run dev:web` proxies to it so the app and
// the API share one origin in development as they do when `alex serve` serves the built app.
const API_ORIGIN = 'http://127.0.0.1:8787';

// Run as `vite build web` / `vite web`: the folder is the root, so outDir is web/dist.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': API_ORIGIN, '/health': API_ORIGIN },
  },
});
