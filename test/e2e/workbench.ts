// Driving the VS Code workbench in the browser, with the selectors that work on code-server
// 4.139 (see /work/shared/recipes/vscode-host-e2e.md).
import type { Page } from 'playwright-core';

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
