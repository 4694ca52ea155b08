// Playwright drives Debian's Chromium (never a downloaded browser) against the server that
// `e2e/run.sh` starts; SATU_E2E_URL is its address.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.SATU_E2E_URL || 'http://127.0.0.1:8080',
    screenshot: 'only-on-failure',
    trace: 'off',
    locale: 'id-ID',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
        '--no-first-run', '--disable-component-update', '--disable-sync'],
    },
  },
});
