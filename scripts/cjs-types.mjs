#!/usr/bin/env node
// Runs after tsup (`npm run build`). The drop-in entries are default-only, so their CommonJS build
// is `module.exports = fn`, but tsup's declarations say `export { fn as default }`: TypeScript
// then rejects `import session = require('satchel/express-session')` (TS2349, "not callable").
// This rewrites each drop-in's .d.cts to `export = fn` with the types in a merged namespace, and
// marks the names beside the default in its .d.ts as type-only (the ESM module exports no values
// but the default). It fails the build when the output does not have the shape it expects.
import { readFileSync, writeFileSync } from 'node:fs';

const DIST = new URL('../dist/', import.meta.url);
const DROP_INS = ['express-session', 'cookie-session'];
const EXPORT_LINE = /^export \{ ([^}]*) \};\s*$/m;

function fail(message) {
  console.error(`cjs-types: ${message}`);
  process.exit(1);
}

/** The names of the final `export { … }` list, split into the default and the others. */
function exportList(file, text) {
  const match = EXPORT_LINE.exec(text);
  if (!match) fail(`${file}: no final \`export { … }\` list`);
  let defaultName;
  const names = [];
  for (const item of match[1].split(',').map((s) => s.trim())) {
    const alias = /^(\w+) as default$/.exec(item);
    if (alias) defaultName = alias[1];
    else if (/^(type )?\w+$/.test(item)) names.push(item.replace(/^type /, ''));
    else fail(`${file}: unexpected export item "${item}"`);
  }
  if (!defaultName) fail(`${file}: no default export`);
  return { match, defaultName, names };
}

for (const entry of DROP_INS) {
  const cjs = readFileSync(new URL(`${entry}.cjs`, DIST), 'utf8');
  if (!/\nmodule\.exports = \w+;\s*$/.test(cjs)) fail(`dist/${entry}.cjs does not end with \`module.exports = …\`; its types would lie`);

  const dcts = `${entry}.d.cts`;
  const cjsTypes = readFileSync(new URL(dcts, DIST), 'utf8');
  if (/^export =/m.test(cjsTypes)) continue; // already rewritten (a second run)
  const { match, defaultName, names } = exportList(dcts, cjsTypes);
  // Aliases under other names first: inside the namespace, `type X = X` would refer to itself.
  const aliases = names.map((name) => `type __satchel_${name} = ${name};`).join('\n');
  const members = names.map((name) => `    export type ${name} = __satchel_${name};`).join('\n');
  const replacement = `${aliases}\ndeclare namespace ${defaultName} {\n${members}\n}\nexport = ${defaultName};\n`;
  writeFileSync(new URL(dcts, DIST), cjsTypes.replace(match[0], replacement));

  const dts = `${entry}.d.ts`;
  const esmTypes = readFileSync(new URL(dts, DIST), 'utf8');
  const esm = exportList(dts, esmTypes);
  const list = [...esm.names.map((name) => `type ${name}`), `${esm.defaultName} as default`].join(', ');
  writeFileSync(new URL(dts, DIST), esmTypes.replace(esm.match[0], `export { ${list} };\n`));
}
