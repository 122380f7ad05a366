import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: process.env.PORTICO_E2E_BASE_URL ?? 'http://localhost:3000',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      testIgnore: /no-script\.spec\.ts/,
      use: { ...chromium, viewport: { width: 1280, height: 800 } },
    },
    {
      // JavaScript off: what works before the WASM arrives (or without it).
      name: 'no-script',
      testMatch: /no-script\.spec\.ts/,
      use: { ...chromium, viewport: { width: 1280, height: 800 }, javaScriptEnabled: false },
    },
    {
      name: 'phone',
      // Tests tagged @keyboard need a physical keyboard, which a phone does not have; @long tests
      // (waiting out timers), the @corpus test (what the server sends, then the same pages
      // hundreds of times) check behaviour that the viewport does not change; @own-browser tests
      // launch a browser of their own (at a phone's size).
      grepInvert: /@keyboard|@long|@corpus|@own-browser/,
      testIgnore: /no-script\.spec\.ts/,
      use: { ...chromium, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
  ],
});
