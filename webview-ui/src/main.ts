// The review webview's entry point (bundled to dist/webview/review.js): registers the
// vscode-elements it uses and our components, then mounts the app.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './attempt-view.js';
import './review-list.js';
import './quality-view.js';
import './review-extras.js';
import './review-app.js';

document.body.append(document.createElement('review-app'));
