// Small parts of the review: the `?` overlay listing every key, and the task guidelines.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';

export type KeyAction = 'next' | 'prev' | 'nextUnreviewed' | 'accept' | 'reject' | 'undo' | 'play' | 'frameBack' | 'frameOn' | 'slower' | 'faster' | 'quality' | 'guidelines' | 'keys' | 'close';

/** Every key the review answers to, with what it does: the overlay lists exactly these, and the app acts on them. */
export const KEYS: ReadonlyArray<{ keys: readonly string[]; label: string; what: string; action: KeyAction | readonly [KeyAction, KeyAction] }> = [
  { keys: ['j', 'ArrowDown'], label: 'j / ↓', what: 'next attempt', action: 'next' },
  { keys: ['k', 'ArrowUp'], label: 'k / ↑', what: 'previous attempt', action: 'prev' },
  { keys: ['n'], label: 'n', what: 'next unreviewed attempt', action: 'nextUnreviewed' },
  { keys: ['a'], label: 'a', what: 'accept (and move on)', action: 'accept' },
  { keys: ['r'], label: 'r', what: 'reject (and move on)', action: 'reject' },
  { keys: ['u'], label: 'u', what: 'undo the last decision', action: 'undo' },
  { keys: [' '], label: 'space', what: 'play / pause the clip', action: 'play' },
  { keys: [',', '.'], label: ', / .', what: 'one frame back / forward', action: ['frameBack', 'frameOn'] },
  { keys: ['[', ']'], label: '[ / ]', what: 'slower / faster (0.25×–2×)', action: ['slower', 'faster'] },
  { keys: ['q'], label: 'q', what: 'Filter Quality ⇄ review', action: 'quality' },
  { keys: ['g'], label: 'g', what: 'show / hide the guidelines', action: 'guidelines' },
  { keys: ['?'], label: '?', what: 'this list', action: 'keys' },
  { keys: ['Escape'], label: 'Esc', what: 'close this list', action: 'close' },
];

const BY_KEY = new Map<string, KeyAction>();
for (const k of KEYS) k.keys.forEach((key, i) => BY_KEY.set(key, typeof k.action === 'string' ? k.action : k.action[i]!));

/** What a key press does, if anything. */
export function keyAction(key: string): KeyAction | undefined {
  return BY_KEY.get(key);
}

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
      <table>${KEYS.map((k) => html`<tr><td><kbd>${k.label}</kbd></td><td>${k.what}</td></tr>`)}</table>
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
