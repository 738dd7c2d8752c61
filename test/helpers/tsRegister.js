// Lets a plain `node` child process run the TypeScript sources (test/helpers/instanceServer.ts and the app it
// imports) without a build: each .ts file is transpiled on require, without type checking (tsc does that in
// `npm test`). A full `tsc` build per test run would take longer than the test itself on two busy cores, and so
// would transpiling ~180 files in every process: the output is kept in a cache under the system's temporary
// directory, keyed by the file's content, so the second instance (and the next run) only reads it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const options = { module: 'commonjs', target: 'es2022', esModuleInterop: true, resolveJsonModule: true, inlineSourceMap: true };
const cacheDir = path.join(os.tmpdir(), `tr-ts-cache-${process.getuid ? process.getuid() : 'user'}`);
fs.mkdirSync(cacheDir, { recursive: true });
let ts = null; // loaded on the first cache miss only

function transpile(source, filename) {
  if (!ts) ts = require('typescript');
  const compilerOptions = ts.convertCompilerOptionsFromJson(options, process.cwd()).options;
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(JSON.stringify(options)).update(filename).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch (_) {
    output = transpile(source, filename);
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached); // whole or absent: another process may read it at the same time
  }
  module._compile(output, filename);
};
