// The hover on a record line of a cycle's attempts.jsonl: the verdict and the verifier's
// evidence (extracted value vs label, the decisive span in context, score vs threshold,
// its reason), and the decision in force. Read on demand: one positioned read of the
// verdict log per hover.
import * as vscode from 'vscode';
import { hoverMarkdown } from './evidence';
import { cycleOfLog } from './recordLine';
import type { InlineSessions } from './sessions';
import { idAt } from './view';

export class AttemptHoverProvider implements vscode.HoverProvider {
  constructor(private readonly sessions: InlineSessions) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const target = cycleOfLog(doc.uri.fsPath);
    const id = idAt(doc, pos.line);
    if (!target || !id) return undefined;
    const a = await (await this.sessions.get(target)).attempt(id);
    if (!a) return undefined;
    const text = new vscode.MarkdownString(hoverMarkdown(a));
    return new vscode.Hover(text, doc.lineAt(pos.line).range);
  }
}
