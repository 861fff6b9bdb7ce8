// A real VS Code for e2e tests: code-server (installed by scripts/setup-e2e.sh into a cache
// folder) with all its state in one temp dir, started in its own process group so that
// stopping it also stops the extension host, file watcher and helpers it spawns.
// Recipe: /work/shared/recipes/vscode-host-e2e.md.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { waitFor } from '../support/waitFor';

export const E2E_CACHE = process.env.VSTAR_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'vstar-e2e');
export const CODE_SERVER = path.join(E2E_CACHE, 'code-server', 'bin', 'code-server');

export interface CodeServer {
  readonly url: string;
  /** The temp dir holding config, user data, extensions and logs. */
  readonly root: string;
  readonly userDataDir: string;
  /** stdout+stderr so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export { waitFor };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function dirsFor(root: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const userDataDir = path.join(root, 'user');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Otherwise code-server writes config and state into ~.
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const args = ['--config', path.join(root, 'config.yaml'), '--user-data-dir', userDataDir,
    '--extensions-dir', path.join(root, 'extensions')];
  return { args, env };
}

/** Fails with the way to fix it when setup-e2e.sh has not run. */
export function assertInstalled(): void {
  if (!fs.existsSync(CODE_SERVER)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER}: run \`bash scripts/setup-e2e.sh\` (after \`VSTAR_SETUP_E2E=1 bash scripts/setup.sh\`)`);
  }
}

/** `code-server --install-extension <vsix>` into the temp dir's extensions folder. */
export function installExtension(root: string, vsix: string): string {
  const { args, env } = dirsFor(root);
  const r = spawnSync(CODE_SERVER, [...args, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/was successfully installed/.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${out}`);
  }
  return out;
}

export interface StartOptions {
  /** Workspace Trust on: folders open untrusted until the user trusts them (off: every folder trusted). */
  workspaceTrust?: boolean;
  /** More command-line arguments (e.g. `--vscode-option enable-smoke-test-driver`). */
  args?: readonly string[];
  /** More environment, which its extension hosts inherit. */
  env?: Readonly<Record<string, string>>;
}

/** Starts code-server on a free port. */
export async function startCodeServer(root: string, userSettings: Record<string, unknown>, { workspaceTrust = false, args: more = [], env: moreEnv = {} }: StartOptions = {}): Promise<CodeServer> {
  const { args, env: baseEnv } = dirsFor(root);
  const env = { ...baseEnv, ...moreEnv };
  const userDataDir = path.join(root, 'user');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  fs.writeFileSync(path.join(root, 'config.yaml'), 'auth: none\n');
  const port = await freePort();
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [...args, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--bind-addr', `127.0.0.1:${port}`, ...more],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }, // detached = setsid: its own process group
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    url,
    root,
    userDataDir,
    output: () => output,
    stop: async () => {
      if (exited || child.pid === undefined) return;
      const group = -child.pid;
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        return; // already gone
      }
      const gone = await waitFor('code-server to exit', () => exited, 10_000).then(() => true, () => false);
      if (!gone) {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    },
  };
  try {
    // /healthz, not /, which redirects.
    await waitFor('code-server /healthz', async () => {
      if (exited) throw new Error(`code-server exited:\n${output}`);
      const res = await fetch(`${url}/healthz`);
      return res.ok;
    }, 60_000, 200);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** Every file under `dir` whose name matches, recursively. */
export function findFiles(dir: string, name: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => name.test(path.basename(rel)))
    .map((rel) => path.join(dir, rel));
}

/** Settings that keep the workbench quiet (no tips, chat, telemetry or start page) for every e2e test. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
};

/**
 * Debian's Chromium, headless, with the flags this closed network needs (see
 * ../shared/recipes/vscode-host-e2e.md), its profile in `profileDir`; returns its first page.
 */
export async function launchBrowser(profileDir: string, viewport = { width: 1280, height: 800 }): Promise<{ browser: BrowserContext; page: Page }> {
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { browser, page: browser.pages()[0] ?? (await browser.newPage()) };
}
