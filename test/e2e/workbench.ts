// Driving the VS Code workbench in the browser, with the selectors that work on code-server
// 4.139 (see /work/shared/recipes/vscode-host-e2e.md), and the life of one e2e file's
// window: temp dir, packaged extension, code-server, Chromium on the project folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { assertInstalled, installExtension, launchBrowser, QUIET_SETTINGS, startCodeServer, type CodeServer } from './codeServer';
import { ensureVsix, ROOT } from './vsix';

/** Where e2e screenshots go. */
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');

/**
 * One test file's VS Code. `server`, `browser` and `page` are filled in as they start, so
 * that closeWorkbench stops whatever did start when a `before` hook fails half-way.
 */
export interface E2eRun {
  /** Holds the project (as the test builds it), code-server's state (R/) and Chromium's profile. */
  readonly tmp: string;
  readonly vsix: string;
  server?: CodeServer;
  browser?: BrowserContext;
  page?: Page;
  /** Console lines of the page and its webview frames that report a CSP violation. */
  readonly cspViolations: string[];
  /** Date.now() when the extension was installed and when code-server answered. */
  readonly at: { installed?: number; serverUp?: number };
}

/** Before the project is built: code-server is installed, the .vsix is fresh, a new temp dir. */
export function prepareE2e(prefix = 'vstar-e2e-'): E2eRun {
  assertInstalled();
  const vsix = ensureVsix();
  fs.mkdirSync(SHOTS, { recursive: true });
  return { tmp: fs.mkdtempSync(path.join(os.tmpdir(), prefix)), vsix, cspViolations: [], at: {} };
}

export interface WorkbenchOptions {
  /** User settings on top of QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Workspace Trust on: the folder opens untrusted until the user trusts it. */
  workspaceTrust?: boolean;
}

/**
 * Installs the packaged extension into code-server, starts it and opens `folder` in headless
 * Chromium (the page starts loading; the test waits for what it needs).
 */
export async function openWorkbench(run: E2eRun, folder: string, o: WorkbenchOptions = {}): Promise<{ server: CodeServer; browser: BrowserContext; page: Page }> {
  const root = path.join(run.tmp, 'R');
  installExtension(root, run.vsix);
  run.at.installed = Date.now();
  const server = (run.server = await startCodeServer(root, { ...QUIET_SETTINGS, ...o.settings }, { workspaceTrust: o.workspaceTrust }));
  run.at.serverUp = Date.now();
  const { browser, page } = await launchBrowser(path.join(run.tmp, 'chromium'), o.viewport);
  run.browser = browser;
  run.page = page;
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|apply|execute|connect|frame)/i.test(m.text())) run.cspViolations.push(m.text());
  });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  return { server, browser, page };
}

/**
 * The `after` hook: a screenshot `<failureShot>.png` unless the file passed, Chromium and
 * code-server stopped, and the temp dir removed when it passed (kept and named otherwise).
 */
export async function closeWorkbench(run: E2eRun | undefined, passed: boolean, failureShot: string): Promise<void> {
  if (!run) return;
  if (!passed && run.page) await screenshot(run.page, failureShot).catch(() => undefined);
  await run.browser?.close().catch(() => undefined);
  await run.server?.stop();
  if (passed) fs.rmSync(run.tmp, { recursive: true, force: true });
  else console.log(`e2e state kept in ${run.tmp}`);
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * Runs a command from the palette by its full title ("Category: Title"). The palette does
 * not refresh its list when an extension's commands arrive while it is open, so a palette
 * opened too early is closed and opened again until the command is listed.
 */
export async function runCommand(page: Page, title: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title });
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
    await input.fill(`>${title}`);
    try {
      await row.first().waitFor({ state: 'visible', timeout: 3_000 });
      await row.first().click();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`"${title}" never appeared in the command palette: ${String(err)}`);
      await page.keyboard.press('Escape');
    }
  }
}

/** Quick Open (Ctrl+P): the first file listed for `name`. */
export async function quickOpen(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click();
}

/** Expands the side bar pane titled `title` (a no-op when it is open). */
export async function openPane(page: Page, title: string, timeoutMs: number): Promise<void> {
  const header = page.locator('.part.sidebar .pane-header', { hasText: title }).first();
  await header.waitFor({ state: 'visible', timeout: timeoutMs });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
}

/** The content of the first webview that is ready (a webview is an iframe holding an iframe). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
}
