// A real team server process (PGlite in a temp folder) for e2e tests, and connecting an
// extension profile to it through the options page, as an agent or manager would.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { ROOT } from '../../scripts/browser';
import { startServerProcess, submitConnectForm } from '../../scripts/team-server';
import { expect } from './harness';

const NODE_ARGS = ['--import', 'tsx'];

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

export interface TeamServer {
  url: string;
  proc: ChildProcess;
  tokens: { owner: string; manager: string; agent: string };
  stop(): Promise<void>;
}

/** Creates a team (owner, manager "Anh Tuấn", agent "Bé Ngân"), then starts the server. */
export async function startTeamServer(): Promise<TeamServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kq-server-'));
  const admin = async (...args: string[]) =>
    JSON.parse(await run(['server/admin.ts', ...args, '--data', dataDir]));
  const team = await admin('team', 'create', '--name', 'Shop Hoa', '--owner', 'Chị Mai');
  const token = (role: string, name: string) =>
    admin('token', 'create', '--team', team.teamId, '--role', role, '--name', name);
  const manager = await token('manager', 'Anh Tuấn');
  const agent = await token('agent', 'Bé Ngân');
  const { url, proc } = await startServerProcess(dataDir);
  return {
    url,
    proc,
    tokens: { owner: team.token, manager: manager.token, agent: agent.token },
    async stop() {
      proc.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Connects the profile's extension in its options page; returns that page. */
export async function connectExtension(
  context: BrowserContext,
  server: TeamServer,
  token: string,
): Promise<Page> {
  const options = await submitConnectForm(context, server.url, token);
  await expect(options.getByTestId('kq-opt-me')).toBeVisible();
  return options;
}
