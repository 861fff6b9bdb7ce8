// The Cycle Report webview's entry point (bundled to dist/webview/report.js).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './app.js';

document.body.append(document.createElement('cycle-report'));
