#!/usr/bin/env node
// Compiles the project's Solidity contracts offline with solc-js (npm `solc`, pinned in the root
// package-lock.json) and writes each contract's ABI and bytecode for web3j's wrapper generator:
//
//   contracts/src/*.sol   -> contracts/out/main/<Contract>.abi, <Contract>.bin   (shipped contracts)
//   contracts/test/*.sol  -> contracts/out/test/<Contract>.abi, <Contract>.bin   (test-only contracts)
//
// `@openzeppelin/...` imports resolve from the project's node_modules (npm `@openzeppelin/contracts`);
// nothing is downloaded. The Maven build of ingest runs this at generate-sources (ingest/pom.xml).
// A fingerprint of the inputs (compiler version, settings, every source read) skips the compile when
// nothing changed. Usage: node contracts/build.mjs [--force]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const contractsDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(contractsDir, '..');
const outDir = join(contractsDir, 'out');
const nodeModules = join(root, 'node_modules');
const require = createRequire(join(root, 'package.json'));

let solc;
try {
  solc = require('solc');
} catch (e) {
  console.error('contracts: solc-js not found in node_modules; run `deploy/bin/setup node` (npm ci) first');
  process.exit(1);
}

// paris: no PUSH0/MCOPY/transient storage, so the bytecode also runs on Besu networks that have not
// enabled Shanghai/Cancun. The optimizer keeps TradeEscrow well under the 24 KiB code size limit.
const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'paris',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

const groups = [
  { name: 'main', dir: join(contractsDir, 'src') },
  { name: 'test', dir: join(contractsDir, 'test') },
];

// source unit name -> content, for every file the compiler reads (ours and imported)
const read = new Map();

function sourceUnits(group) {
  if (!existsSync(group.dir)) return {};
  const units = {};
  for (const file of readdirSync(group.dir).filter((f) => f.endsWith('.sol')).sort()) {
    const unit = relative(root, join(group.dir, file)).split(sep).join('/');
    const content = readFileSync(join(group.dir, file), 'utf8');
    read.set(unit, content);
    units[unit] = { content };
  }
  return units;
}

// Resolves imports: @openzeppelin/... from node_modules, anything else relative to the project root.
// Paths may not leave those folders.
function findImports(path) {
  const base = path.startsWith('@') ? nodeModules : root;
  const file = normalize(join(base, path));
  if (!file.startsWith(base + sep)) return { error: `import outside the project: ${path}` };
  if (!existsSync(file)) {
    return {
      error: path.startsWith('@openzeppelin/')
        ? `${path} not found in node_modules: run deploy/bin/setup node (npm ci)`
        : `${path} not found`,
    };
  }
  const content = readFileSync(file, 'utf8');
  read.set(path, content);
  return { contents: content };
}

function fingerprint(sources) {
  const hash = createHash('sha256');
  hash.update(solc.version());
  hash.update(JSON.stringify(settings));
  for (const [unit, { content }] of Object.entries(sources).sort()) {
    hash.update(unit).update('\0').update(content).update('\0');
  }
  const oz = JSON.parse(readFileSync(join(nodeModules, '@openzeppelin/contracts/package.json'), 'utf8'));
  hash.update(oz.version);
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const sources = {};
const unitGroup = new Map();
for (const group of groups) {
  for (const [unit, source] of Object.entries(sourceUnits(group))) {
    sources[unit] = source;
    unitGroup.set(unit, group.name);
  }
}
const stamp = join(outDir, '.fingerprint');
const print = fingerprint(sources);
if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === print) {
  console.log(`contracts: up to date (${Object.keys(sources).length} sources, solc ${solc.version()})`);
  process.exit(0);
}

const started = Date.now();
const output = JSON.parse(
  solc.compile(JSON.stringify({ language: 'Solidity', sources, settings }), { import: findImports }),
);
let failed = false;
for (const message of output.errors ?? []) {
  const text = message.formattedMessage ?? message.message;
  if (message.severity === 'error') {
    failed = true;
    console.error(text);
  } else if (!text.includes('SPDX')) {
    console.warn(text);
  }
}
if (failed) {
  console.error('contracts: compilation failed');
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
const written = [];
for (const [unit, contracts] of Object.entries(output.contracts ?? {})) {
  const group = unitGroup.get(unit);
  if (!group) continue; // an imported library file: its contracts are compiled into ours
  for (const [name, artifact] of Object.entries(contracts)) {
    const bytecode = artifact.evm?.bytecode?.object ?? '';
    if (bytecode.length === 0) continue; // interfaces and abstract contracts
    const dir = join(outDir, group);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.abi`), JSON.stringify(artifact.abi));
    writeFileSync(join(dir, `${name}.bin`), bytecode);
    written.push(`${group}/${name} (${bytecode.length / 2} bytes)`);
  }
}
writeFileSync(stamp, print);
console.log(
  `contracts: solc ${solc.version()} compiled ${Object.keys(sources).length} sources in ${Date.now() - started} ms: ` +
    written.join(', '),
);
