/*
 * Lets a plain `node` child run the TypeScript sources (the fault tests start the server as its own process, to
 * kill it with SIGKILL): each .ts file is transpiled on require by the project's own TypeScript, without type
 * checking (tsc does that in CI), as ts-node's transpile-only mode would. Output is cached in the temporary
 * directory by a hash of the source, so a restart (and the next test file) skips the compiler.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cacheDir = path.join(os.tmpdir(), 'tr-faults-ts-cache');
fs.mkdirSync(cacheDir, { recursive: true });
let ts = null;

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex')}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
    }).outputText;
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached); // whole or absent, whoever reads it at the same time
  }
  module._compile(output, filename);
};
