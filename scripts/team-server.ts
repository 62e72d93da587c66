// The team server as a child process on PGlite, and linking an extension profile to it
// through the options page: shared by the demo, the e2e suite and the benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { extensionWorker, ROOT } from './browser';

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
}

/** Starts `server/main.ts` on a free port; kills it and fails if it is not up in 30 s. */
export function startServerProcess(dataDir: string, timeoutMs = 30_000): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--data', dataDir, '--port', '0'],
    // `info` so the "listening" line (with the port) is printed.
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' } },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    // Never leave a server behind when it does not come up.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the team server did not start within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], proc });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}`));
    });
  });
}

/**
 * Opens the extension's options page and fills in the server address and token, as a
 * person would. Returns the page right after "Kết nối" is clicked.
 */
export async function submitConnectForm(
  context: BrowserContext,
  url: string,
  token: string,
): Promise<Page> {
  // Lets the extension reach the server through the replicas' offline catch-all.
  await context.route(`${url}/**`, (route) => route.continue());
  const { extensionId } = await extensionWorker(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('kq-opt-url').fill(url);
  await page.getByTestId('kq-opt-token').fill(token);
  await page.getByTestId('kq-opt-connect').click();
  return page;
}
