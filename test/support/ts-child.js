// Runs a TypeScript entry point of src/ in a child process, compiled file by file as it is required (the tests have
// no build step): `node test/support/ts-child.js src/app/main.ts`. Tests that kill a real process use it.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const { config } = ts.readConfigFile(path.join(__dirname, '..', '..', 'tsconfig.json'), ts.sys.readFile);
const compilerOptions = { ...config.compilerOptions, sourceMap: false, inlineSourceMap: false, module: 'commonjs', moduleResolution: 'node', target: 'ES2022' };
const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, path.join(__dirname, '..', '..'));

require.extensions['.ts'] = (module, filename) => {
  const output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename });
  module._compile(output.outputText, filename);
};

// The entry point sees the argv it would see run as `node entry.js args...`: its own path, then its arguments.
process.argv.splice(1, 1);
require(path.resolve(process.argv[1]));
