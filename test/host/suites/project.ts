// The sample project, trusted (test/host/workspaces.ts): activation on vstar.yaml, the
// contributed commands, the trees' first levels, the CodeLens on cycle 1's attempts.jsonl,
// the review panel's handshake and a round trip, and the language server's diagnostics.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/shared/reviewProtocol';
import type { ReviewTraffic, TestHooks } from '../../../src/extension/testHooks';
import { activatedByItself, contributedCommands, inFolder, rows, waitFor } from '../harness';
import { ATTEMPT_IDS, ATTEMPTS, BROKEN_YAML, FORMAT_MESSAGE, JOB_NAME, PLACEHOLDER_MESSAGE, TARGET } from '../sample';

const hostMessage = <T extends HostMessage['type']>(t: ReviewTraffic, type: T): Extract<HostMessage, { type: T }> | undefined =>
  t.from === 'host' && t.message.type === type ? (t.message as Extract<HostMessage, { type: T }>) : undefined;

export function projectSuite(): void {
  describe('in a project folder', () => {
    let hooks: TestHooks;

    before(async () => {
      hooks = await activatedByItself(); // by `workspaceContains:vstar.yaml`
    });

    it('activates on vstar.yaml and registers every command package.json contributes', async () => {
      assert.equal(vscode.workspace.isTrusted, true);
      const contributed = contributedCommands();
      assert.ok(contributed.length > 0, 'package.json contributes no commands');
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
    });

    it('Datasets tree: the shapes dataset with its 3 clips, then its label field', async () => {
      const top = await waitFor('the shapes dataset loaded', async () => {
        const r = await rows(hooks, 'vstar.views.datasets');
        return r.length === 1 && r[0]!.row.description.includes('clip') ? r : undefined;
      });
      assert.deepEqual(top.map((r) => r.row), [{ label: 'shapes', description: '3 clips' }]);
      const fields = await rows(hooks, 'vstar.views.datasets', top[0]!.node);
      assert.deepEqual(fields.map((r) => r.row), [{ label: 'shape', description: 'class · 2 values' }]);
    });

    it('Cycles tree: cycle 1 with its model, dataset, attempts and pass rate, then its stages', async () => {
      const top = await waitFor('cycle 1 read', async () => {
        const r = await rows(hooks, 'vstar.views.cycles');
        return r.length === 1 && r[0]!.row.description.includes('attempts') ? r : undefined;
      });
      assert.equal(top[0]!.row.label, 'Cycle 1');
      assert.equal(top[0]!.row.description, 'tiny-vlm · shapes · 3 attempts · pass 66.7%');
      const stages = await rows(hooks, 'vstar.views.cycles', top[0]!.node);
      assert.deepEqual(stages.map((r) => r.row.label), ['Generate', 'Verify', 'Rationalize', 'Review', 'Export', 'Finetune', 'Evaluate']);
    });

    it('Jobs tree: the target named in vstar.yaml, with its finished job', async () => {
      const top = await waitFor('the jobs read', async () => {
        const r = await rows(hooks, 'vstar.views.jobs');
        return r.length === 1 ? r : undefined;
      });
      assert.equal(top[0]!.row.label, TARGET);
      assert.match(top[0]!.row.description, /^local/);
      const jobs = await rows(hooks, 'vstar.views.jobs', top[0]!.node);
      assert.deepEqual(jobs.map((r) => r.row.label), [JOB_NAME]);
      assert.match(jobs[0]!.row.description, /completed/);
    });

    it('CodeLens above each record of attempts.jsonl: state, Accept, Reject, Open in review; Accept then Clear land in reviews.jsonl', async () => {
      const uri = inFolder(ATTEMPTS);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lensRows = async (): Promise<string[][]> => {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
        const byLine: string[][] = [];
        for (const l of lenses) (byLine[l.range.start.line] ??= []).push(l.command?.title ?? '');
        return byLine;
      };
      const first = await waitFor('lenses on all three records', async () => {
        const r = await lensRows();
        return r.length === 3 && r.every(Boolean) ? r : undefined;
      });
      assert.deepEqual(first, [
        ['$(pass) passed · unreviewed', 'Accept', 'Reject', 'Open in review'],
        ['$(error) failed · unreviewed', 'Accept', 'Reject', 'Open in review'],
        ['$(pass) passed · unreviewed', 'Accept', 'Reject', 'Open in review'],
      ]);
      // The failed record's Accept lens, run as a click runs it.
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      const run = async (line: number, title: string): Promise<void> => {
        const c = lenses.concat((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [])
          .find((l) => l.range.start.line === line && l.command?.title === title)?.command;
        assert.ok(c, `no "${title}" lens on line ${line}`);
        await vscode.commands.executeCommand(c.command, ...(c.arguments ?? []));
      };
      await run(1, 'Accept');
      const log = inFolder('vstar/cycles/1/reviews.jsonl').fsPath;
      const decisions = () => fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { attemptId: string; decision: string });
      assert.deepEqual(decisions().map((d) => [d.attemptId, d.decision]), [[ATTEMPT_IDS[1], 'accept']]);
      const accepted = await waitFor('the lens to say so', async () => {
        const r = await lensRows();
        return r[1]?.[0]?.includes('accepted') ? r[1] : undefined;
      });
      assert.deepEqual(accepted, ['$(error) failed · accepted (overrides the verdict)', '$(check) Accepted', 'Reject', 'Clear', 'Open in review']);
      await run(1, 'Clear');
      assert.deepEqual(decisions().map((d) => [d.attemptId, d.decision]), [[ATTEMPT_IDS[1], 'accept'], [ATTEMPT_IDS[1], 'clear']]);
      await waitFor('the lens back to unreviewed', async () => (await lensRows())[1]?.[0] === '$(error) failed · unreviewed');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('review panel: the webview says ready, gets the cycle and its counts, and a page request is answered; Open in review brings one attempt', async () => {
      const seen: ReviewTraffic[] = [];
      const sub = hooks.onReviewTraffic((t) => !t.compact && seen.push(t));
      try {
        await vscode.commands.executeCommand('vstar.review.open', 1);
        const ready = await waitFor('review/ready from the webview', () => seen.findIndex((t) => t.from === 'webview' && t.message.type === 'review/ready') + 1);
        const init = await waitFor('review/init', () => seen.findIndex((t) => hostMessage(t, 'review/init')) + 1);
        assert.ok(init > ready, 'review/init was posted before the webview was ready (it would be lost)');
        assert.deepEqual(hostMessage(seen[init - 1]!, 'review/init'), { type: 'review/init', cycle: 1, compact: false });
        const counts = await waitFor('review/counts', () => seen.map((t) => hostMessage(t, 'review/counts')).find(Boolean));
        assert.deepEqual([counts.counts.total, counts.counts.passed, counts.counts.failed, counts.counts.accepted, counts.counts.unreviewed], [3, 2, 1, 0, 3]);
        // The webview's own round trip: a page request, answered with its seq.
        const request = await waitFor('a page request', () => seen.map((t) => (t.from === 'webview' && t.message.type === 'review/page/request' ? t.message : undefined)).find(Boolean));
        const page = await waitFor('the page answering it', () => seen.map((t) => hostMessage(t, 'review/page')).find((p) => p?.seq === request.seq));
        assert.equal(page.total, 3);
        assert.deepEqual(page.items.map((a) => [a.id, a.pass]), [[ATTEMPT_IDS[0], true], [ATTEMPT_IDS[1], false], [ATTEMPT_IDS[2], true]]);
        // One started here: Open in review on c2 → review/select → the webview asks for it → the attempt.
        await vscode.commands.executeCommand('vstar.inline.openReview', inFolder(ATTEMPTS).toString(), ATTEMPT_IDS[1]);
        await waitFor('review/select c2', () => seen.some((t) => hostMessage(t, 'review/select')?.id === ATTEMPT_IDS[1]));
        await waitFor('the webview asking for c2', () => seen.some((t) => t.from === 'webview' && t.message.type === 'review/attempt/request' && t.message.id === ATTEMPT_IDS[1]));
        const attempt = await waitFor('c2 sent to the webview', () => seen.map((t) => hostMessage(t, 'review/attempt')).find((a) => a?.attempt.id === ATTEMPT_IDS[1]));
        assert.equal(attempt.attempt.pass, false);
        assert.equal(attempt.attempt.model, 'tiny-vlm');
        assert.match(attempt.attempt.output, /So the answer is circle\.$/);
        assert.match(attempt.attempt.clipUri ?? '', /\/clips\/c1\.mp4$/, 'the clip as a webview URI');
      } finally {
        sub.dispose();
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
    });

    it('language server: a broken vstar.yaml gets its diagnostics; fixing the format clears that one', async () => {
      const uri = inFolder(BROKEN_YAML);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const messages = () => vscode.languages.getDiagnostics(uri).map((d) => d.message);
      const has = (re: RegExp) => messages().some((m) => re.test(m));
      await waitFor('both diagnostics', () => has(FORMAT_MESSAGE) && has(PLACEHOLDER_MESSAGE), 45_000, 250).catch((err: Error) => {
        throw new Error(`${err.message}; diagnostics: ${JSON.stringify(messages())}`);
      });
      const format = vscode.languages.getDiagnostics(uri).find((d) => FORMAT_MESSAGE.test(d.message))!;
      assert.equal(format.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(doc.getText(format.range), 'jsnol', 'the diagnostic points at the misspelt value');
      // The fix, typed into the editor (not saved): the server re-checks the open text.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, format.range, 'jsonl');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the format diagnostic gone, the placeholder one kept', () => !has(FORMAT_MESSAGE) && has(PLACEHOLDER_MESSAGE), 30_000, 250);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
}
