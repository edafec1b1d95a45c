import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompileMessages } from './web/build/precompile-messages.ts';

export default defineConfig({
  root: 'web',
  plugins: [precompileMessages(), react()],
  resolve: {
    // Messages arrive parsed (see precompile-messages.ts): the runtime needs only the types.
    alias: {
      '@formatjs/icu-messageformat-parser': '@formatjs/icu-messageformat-parser/no-parser.js',
    },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
