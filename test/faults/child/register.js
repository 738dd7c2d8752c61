/*
 * Lets a plain `node` child run the TypeScript sources (the fault tests start the server as its own process, to
 * kill it with SIGKILL): each .ts file is transpiled on require by the project's own TypeScript, without type
 * checking (tsc does that in CI), as ts-node's transpile-only mode would. Source maps are inlined for stack traces.
 */
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
  });
  module._compile(outputText, filename);
};
