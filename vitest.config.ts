import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Fixtures render times in Vietnam; read them as a Vietnamese browser would.
process.env.TZ = 'Asia/Ho_Chi_Minh';

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  define: { __KQ_SHADOW_MODE__: JSON.stringify('open') },
  test: {
    environment: 'happy-dom',
    include: ['test/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['test/unit/setup.ts'],
  },
});
