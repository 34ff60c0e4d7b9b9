import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';

// Element tests in the machine's Chromium (never a downloaded browser).
const filteredLogs = ['Lit is in dev mode', 'ResizeObserver loop'];

export default {
  files: 'packages/elements/src/**/*.test.ts',
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'esnext', tsconfig: './packages/elements/tsconfig.json' })],
  filterBrowserLogs: ({ args }) => !args.some((a) => typeof a === 'string' && filteredLogs.some((f) => a.includes(f))),
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage',
          '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        ],
      },
    }),
  ],
};
