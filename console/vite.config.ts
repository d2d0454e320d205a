import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Served by the API host under /console; `npm run dev` proxies the API to a local stack (infra/run.sh, port 5080).
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  build: { outDir: 'dist', assetsDir: 'assets', chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:5080' } },
});
