// Imports of `vscode` under src/core resolve here (see src/core/tsconfig.json) and fail to
// typecheck ("is not a module"): the core is shared by the CLI, the language server and the
// extension, and must run without an editor. Put editor code in src/extension.
declare const VSCODE_IS_NOT_AVAILABLE_IN_SRC_CORE: never;
