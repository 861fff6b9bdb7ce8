// Small parts of the review: the `?` overlay listing every key, and the task guidelines.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';

/** Every key the review answers to (the overlay lists exactly these). */
export const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['j / ↓', 'next attempt'],
  ['k / ↑', 'previous attempt'],
  ['n', 'next unreviewed attempt'],
  ['a', 'accept (and move on)'],
  ['r', 'reject (and move on)'],
  ['u', 'undo the last decision'],
  ['space', 'play / pause the clip'],
  [', / .', 'one frame back / forward'],
  ['[ / ]', 'slower / faster (0.25×–2×)'],
  ['q', 'Filter Quality ⇄ review'],
  ['g', 'show / hide the guidelines'],
  ['?', 'this list'],
  ['Esc', 'close this list'],
];

export class KeysOverlay extends LitElement {
  static override styles = css`
    :host { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center; background: #0008; z-index: 10; }
    .box { background: var(--vscode-editorWidget-background, #252526); color: var(--vscode-editorWidget-foreground, inherit); border: 1px solid var(--vscode-widget-border, #8886);
      padding: 10px 14px; max-width: 90vw; max-height: 90vh; overflow: auto; }
    h3 { margin: 0 0 6px; font-size: 1em; }
    td { padding: 2px 8px; }
    kbd { font-family: var(--vscode-editor-font-family, monospace); border: 1px solid var(--vscode-widget-border, #8886); border-radius: 3px; padding: 0 4px; }
  `;

  override render(): TemplateResult {
    return html`<div class="box" role="dialog" aria-label="Keyboard shortcuts" data-testid="keys">
      <h3>Keys</h3>
      <table>${KEYS.map(([k, what]) => html`<tr><td><kbd>${k}</kbd></td><td>${what}</td></tr>`)}</table>
    </div>`;
  }
}

export class GuidelinesView extends LitElement {
  static override properties = { guidelines: { attribute: false } };
  declare guidelines: Array<{ task: string; markdown: string }>;

  constructor() {
    super();
    this.guidelines = [];
  }

  static override styles = css`
    :host { display: block; padding: 6px 10px; max-height: 40vh; overflow: auto; border-bottom: 1px solid var(--vscode-widget-border, #8884);
      background: var(--vscode-textBlockQuote-background); }
    h4 { margin: 4px 0; }
    .md { white-space: pre-wrap; font-family: inherit; margin: 0; line-height: 1.4; }
  `;

  /** Markdown shown as written (headings, lists and emphasis read fine as plain text; nothing is turned into HTML). */
  override render(): TemplateResult {
    if (this.guidelines.length === 0) return html`<p>No review guidelines for this cycle's tasks (add <code>guidelines</code> to a task in vstar.yaml).</p>`;
    return html`${this.guidelines.map((g) => html`<h4>Guidelines · ${g.task}</h4><pre class="md" data-testid="guidelines">${g.markdown.trim()}</pre>`)}${nothing}`;
  }
}

customElements.define('keys-overlay', KeysOverlay);
customElements.define('guidelines-view', GuidelinesView);
