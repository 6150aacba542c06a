#!/usr/bin/env node
// The reference the Java StandardMerkleTree (ingest/.../chain/oracle) is tested against: OpenZeppelin's
// own npm library (@openzeppelin/merkle-tree, from the project's node_modules), run by
// StandardMerkleTreeITCase through the machine's node, as the Maven build runs contracts/build.mjs.
//
//   node contracts/test/standard-merkle-tree.mjs build IN.json OUT.json
//       IN: {"leafEncoding": [...], "values": [[...], ...], "proofs": [valueIndex, ...]}
//       OUT: {"root", "tree": [...], "treeIndices": [...], "proofs": {"i": [...]}}  (StandardMerkleTree.of)
//   node contracts/test/standard-merkle-tree.mjs load DUMP.json OUT.json [valueIndex ...]
//       StandardMerkleTree.load (which validates every node against the values), then
//       OUT: {"root", "proofs": {"i": [...]}} for the given indices
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

const [mode, input, output, ...rest] = process.argv.slice(2);
if (!['build', 'load'].includes(mode) || !input || !output) {
  console.error('usage: standard-merkle-tree.mjs build IN.json OUT.json | load DUMP.json OUT.json [index ...]');
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, 'utf8'));
const result = {};
let tree;
let wanted;
if (mode === 'build') {
  tree = StandardMerkleTree.of(data.values, data.leafEncoding);
  const dump = tree.dump();
  result.tree = dump.tree;
  result.treeIndices = dump.values.map((v) => v.treeIndex);
  wanted = data.proofs ?? [];
} else {
  tree = StandardMerkleTree.load(data);
  wanted = rest.map(Number);
}
result.root = tree.root;
result.proofs = {};
for (const i of wanted) result.proofs[i] = tree.getProof(i);
writeFileSync(output, JSON.stringify(result));
