import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard bundle. Dispatch builds it on start when web/dist is missing or older than
 * these sources (src/transports/dashboard/dashboard-build.ts); `npm run dev:web` serves it
 * with hot reload against a Dispatch on port 4000.
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything stays a file served from 'self': the Content-Security-Policy allows no data: URLs.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
});
