import { defineConfig } from '@playwright/test';

// One real JupyterLab (with the real sidecar it starts) for the whole suite, in Debian's
// chromium: never a browser download.
const port = Number(process.env.E2E_PORT ?? 18888);
const token = process.env.E2E_TOKEN ?? 'e2e-token-' + port;
process.env.E2E_PORT = String(port);
process.env.E2E_TOKEN = token;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../artifacts/e2e-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    actionTimeout: 15_000,
    viewport: { width: 1400, height: 900 },
    video: 'off',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync']
    }
  },
  webServer: {
    command: 'bash start-lab.sh',
    url: `http://127.0.0.1:${port}/api`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe'
  }
});
