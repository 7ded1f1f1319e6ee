/**
 * Training and recognition share their methods through stages of their own, never through each
 * other (issue 15): src/train and src/recognize do not import each other, and the stages both build
 * on (src/methods, src/model-folder) import neither. Every .ts file of those folders is read, tests
 * and testing helpers included. A reference is an import or re-export (type-only too), a dynamic
 * `import()`, an `import('...')` type, a `require`, or a `new URL(..., import.meta.url)` (how a file
 * reaches another folder's data files), resolved from the file that makes it. Tests that need both
 * training and recognition live in test/integration/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each stage and the stages it must not reference. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  'src/train': ['src/recognize'],
  'src/recognize': ['src/train'],
  'src/methods': ['src/train', 'src/recognize'],
  'src/model-folder': ['src/train', 'src/recognize'],
};

interface Reference {
  readonly specifier: string;
  readonly line: number;
}

/**
 * The module and file references of a source. A template literal with substitutions counts as the
 * folder its static head names (`../recognize/${name}.js` is `../recognize/`); a computed
 * specifier (a variable) cannot be resolved and is not reported.
 */
function references(file: string, text: string): Reference[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Reference[] = [];
  const add = (node: ts.Node | undefined): void => {
    if (node === undefined) return;
    let specifier: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) specifier = node.text;
    else if (ts.isTemplateExpression(node) && node.head.text.includes('/')) specifier = node.head.text.slice(0, node.head.text.lastIndexOf('/') + 1);
    if (specifier !== undefined) found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const isImportMetaUrl = (node: ts.Node | undefined): boolean =>
    node !== undefined && ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword && node.name.text === 'url';
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) add(node.arguments[0]);
    else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && isImportMetaUrl(node.arguments?.[1])) add(node.arguments?.[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a relative reference of `file` (a path from the root) points, from the root; undefined for packages. */
function resolveReference(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

const inside = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);

function tsFiles(folder: string): string[] {
  return readdirSync(posix.join(ROOT, folder)).flatMap((name) => {
    const path = posix.join(folder, name);
    if (statSync(posix.join(ROOT, path)).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line references 'x' (resolved): stage must not reference other` for every forbidden reference in `text`. */
function violations(file: string, text: string): string[] {
  const stage = Object.keys(FORBIDDEN).find((s) => inside(file, s));
  if (stage === undefined) return [];
  return references(file, text).flatMap(({ specifier, line }) => {
    const target = resolveReference(file, specifier);
    const other = target === undefined ? undefined : FORBIDDEN[stage]!.find((f) => inside(target, f));
    return other === undefined ? [] : [`${file}:${line} references '${specifier}' (${target}): ${stage} must not reference ${other}`];
  });
}

test('the reader resolves every kind of reference, and only forbidden ones are reported', () => {
  const source = [
    "import { a } from '../recognize/a.js';",
    "import type { B } from '../recognize/sub/b.js';",
    "export { c } from '../../src/recognize/c.js';",
    "export * from './local.js';",
    "import fs from 'node:fs';",
    "import { m } from '../methods/m.js';",
    "type D = typeof import('../recognize/d.js');",
    "const e = await import('../recognize/e.js');",
    'const f = await import(`../recognize/${name}.js`);',
    "const g = new URL('../recognize/data/g.json', import.meta.url);",
    "const h = require('../recognize/h.js');",
    "const n = new URL('./data/', import.meta.url);",
    "const recognize = '../recognize/not-a-reference.js';",
  ].join('\n');
  const found = violations('src/train/x.ts', source);
  assert.deepEqual(found.map((v) => v.split(' ')[0]), ['src/train/x.ts:1', 'src/train/x.ts:2', 'src/train/x.ts:3', 'src/train/x.ts:7', 'src/train/x.ts:8', 'src/train/x.ts:9', 'src/train/x.ts:10', 'src/train/x.ts:11']);
  assert.match(found[1]!, /references '\.\.\/recognize\/sub\/b\.js' \(src\/recognize\/sub\/b\.js\): src\/train must not reference src\/recognize/);
  assert.deepEqual(violations('src/recognize/r.ts', "import { t } from '../train/t.js';\nimport { m } from '../methods/m.js';").length, 1);
  assert.deepEqual(violations('src/methods/m.ts', "import { g } from '../recognize/gallery.js';\nimport { o } from '../train/options.js';").length, 2);
  assert.deepEqual(violations('src/server/s.ts', "import { t } from '../train/t.js';\nimport { r } from '../recognize/r.js';"), [], 'other stages may use both');
  assert.deepEqual(violations('src/train/x.ts', "import { t } from '../training-data/t.js';"), [], 'a folder whose name starts like a stage is another folder');
});

test('src/train and src/recognize do not reference each other, and src/methods and src/model-folder reference neither', () => {
  const found: string[] = [];
  for (const stage of Object.keys(FORBIDDEN)) {
    const files = tsFiles(stage);
    assert.ok(files.length > 0, `${stage}: no .ts files; update FORBIDDEN if the stage moved`);
    for (const file of files) found.push(...violations(file, readFileSync(posix.join(ROOT, file), 'utf8')));
  }
  assert.deepEqual(found, [], 'move what both stages need to src/methods or src/model-folder, or the test that needs both to test/integration/');
});
