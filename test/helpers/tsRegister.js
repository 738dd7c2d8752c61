// Lets a plain `node` child process run the TypeScript sources (test/helpers/instanceServer.ts and the app it
// imports) without a build: each .ts file is transpiled on require, without type checking (tsc does that in
// `npm test`). A full `tsc` build per test run would take longer than the test itself on two busy cores.
const fs = require('node:fs');
const ts = require('typescript');

const options = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  resolveJsonModule: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
