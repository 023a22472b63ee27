/// <reference types="node" />
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// One config for the app build, the dev server Tauri loads (devUrl, port 5173) and vitest.
//
// In a plain browser the UI sends its commands to its own origin; the dev server forwards `/api`
// to `galley serve` (GALLEY_SERVE, by default http://127.0.0.1:7878), naming 127.0.0.1 as the
// host, since the desk answers only requests addressed to a loopback name.
const desk = process.env.GALLEY_SERVE ?? 'http://127.0.0.1:7878';
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Relative asset paths: the built UI is served from the app's own protocol, not a web root.
  base: './',
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: desk, changeOrigin: true } },
  },
  preview: { proxy: { '/api': { target: desk, changeOrigin: true } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // CodeMirror is one chunk on purpose: the app loads from disk, so fewer files beat smaller ones.
    chunkSizeWarningLimit: 1200,
  },
  // Component tests mount Svelte in jsdom, which needs Svelte's browser build, not its server one.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}));
