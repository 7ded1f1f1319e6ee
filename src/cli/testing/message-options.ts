/**
 * For tests only: the command-line options that the error messages of src/ name as a fix, read from
 * the source with the TypeScript parser, for error-fixes.test.ts. A message is the text of a
 * `new MaskfaceError(...)`, of a call to a catalogue helper (src/errors.ts) or to a function of the
 * same file that builds an error, or of a `throw`; a constant of the same file that a message uses
 * (`const TRAIN_FIX = '...'`) counts as part of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface MessageOptions {
  /** Source file, relative to the repository root, with forward slashes. */
  readonly file: string;
  /** 1-based line of the message. */
  readonly line: number;
  /** The message's literal text, `…` where it interpolates a value. */
  readonly text: string;
  /** Options named outside a quoted command line: the command that raised the message must accept them. */
  readonly options: readonly string[];
  /** Options inside a quoted `maskface <command> ...`: that command must accept them. */
  readonly quoted: readonly { readonly command: string; readonly option: string }[];
  /** Quoted `maskface ...` lines whose command is none of `commands`. */
  readonly unknownCommands: readonly string[];
}

const OPTION = /(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*/g;
const QUOTE = /`([^`]*)`/g;

const optionsIn = (text: string): string[] => [...text.matchAll(OPTION)].map((m) => m[0]);

/**
 * Splits a message into the options it names. Inside backticks: `maskface <command> ...` names that
 * command's options; a quote that starts with an option names the raising command's; any other quote
 * is another program's command line (`node --import tsx ...`) and is skipped.
 */
export function attributeOptions(text: string, commands: readonly string[]): Pick<MessageOptions, 'options' | 'quoted' | 'unknownCommands'> {
  const byLength = [...commands].sort((a, b) => b.length - a.length);
  const quoted: { command: string; option: string }[] = [];
  const unknownCommands: string[] = [];
  const options: string[] = [];
  const outside = text.replace(QUOTE, (_, inner: string) => {
    const words = inner.trim().split(/\s+/);
    if (words[0] === 'maskface') {
      const rest = words.slice(1).join(' ');
      const command = byLength.find((c) => rest === c || rest.startsWith(`${c} `));
      if (command === undefined) unknownCommands.push(inner);
      else for (const option of optionsIn(rest.slice(command.length))) quoted.push({ command, option });
    } else if (words[0]?.startsWith('--') === true) {
      options.push(...optionsIn(inner));
    }
    return ' ';
  });
  options.push(...optionsIn(outside));
  return { options, quoted, unknownCommands };
}

/** Names of src/errors.ts's helpers that build a MaskfaceError (`invalidArgument`, `fileNotFound`, ...). */
export function catalogueHelpers(errorsSource: string): Set<string> {
  const source = ts.createSourceFile('errors.ts', errorsSource, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  for (const [name, body] of namedFunctions(source)) if (containsNewError(body)) names.add(name);
  return names;
}

/** The messages of one source file that name at least one option. */
export function messageOptions(file: string, text: string, helpers: ReadonlySet<string>, commands: readonly string[]): MessageOptions[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const functions = namedFunctions(source);
  // Functions of this file that build an error from their arguments: calling one is a message too.
  const builders = new Set(helpers);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, body] of functions) {
      if (!builders.has(name) && containsRoot(body, builders)) {
        builders.add(name);
        grew = true;
      }
    }
  }
  const constants = new Map<string, ts.Expression>();
  const visitDeclarations = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) constants.set(node.name.text, node.initializer);
    ts.forEachChild(node, visitDeclarations);
  };
  visitDeclarations(source);

  const roots: ts.Node[] = [];
  const findRoots = (node: ts.Node): void => {
    if (isRoot(node, builders)) roots.push(node);
    else ts.forEachChild(node, findRoots);
  };
  findRoots(source);
  const seen = new Set<ts.Node>(roots);
  for (let i = 0; i < roots.length; i++) {
    const visitIdentifiers = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const init = constants.get(node.text);
        if (init !== undefined && !seen.has(init)) {
          seen.add(init);
          roots.push(init);
        }
      }
      ts.forEachChild(node, visitIdentifiers);
    };
    visitIdentifiers(roots[i] as ts.Node);
  }

  // A constant can hold a message root (`const parsed = schema.safeParse(await readJson(path, fix))`): each literal counts once.
  const claimed = new Set<ts.Node>();
  const found: MessageOptions[] = [];
  for (const root of roots) {
    const message = literalText(root, claimed);
    const attributed = attributeOptions(message, commands);
    if (attributed.options.length + attributed.quoted.length + attributed.unknownCommands.length === 0) continue;
    const line = source.getLineAndCharacterOfPosition(root.getStart(source)).line + 1;
    found.push({ file, line, text: message, ...attributed });
  }
  return found;
}

/** Every non-test source file under `srcDir` (helpers under testing/ folders left out), relative to `root`. */
export function sourceFiles(root: string, srcDir = 'src'): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'testing' ? [] : walk(path);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [relative(root, path).split(sep).join('/')] : [];
    });
  return walk(join(root, srcDir)).sort();
}

/** The files a module imports, directly or not, statically or with `import()` (relative `.js` imports of `.ts` sources). */
export function importClosure(root: string, entry: string): Set<string> {
  const closure = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (closure.has(file)) continue;
    closure.add(file);
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    const follow = (specifier: ts.Node | undefined): void => {
      if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
      pending.push(relative(root, resolve(root, dirname(file), specifier.text.replace(/\.js$/, '.ts'))).split(sep).join('/'));
    };
    for (const statement of source.statements) {
      if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) follow(statement.moduleSpecifier);
    }
    // Commands load their heavy modules when they run (`await import('../x.js')`): those count too.
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) follow(node.arguments[0]);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return closure;
}

function namedFunctions(source: ts.SourceFile): Map<string, ts.Node> {
  const functions = new Map<string, ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name !== undefined && node.body !== undefined) functions.set(node.name.text, node.body);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      functions.set(node.name.text, node.initializer.body);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return functions;
}

function isNewError(node: ts.Node): boolean {
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'MaskfaceError';
}

function containsNewError(node: ts.Node): boolean {
  return isNewError(node) || (ts.forEachChild(node, (child) => containsNewError(child) || undefined) ?? false);
}

function isRoot(node: ts.Node, builders: ReadonlySet<string>): boolean {
  if (isNewError(node) || ts.isThrowStatement(node)) return true;
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && builders.has(node.expression.text);
}

function containsRoot(node: ts.Node, builders: ReadonlySet<string>): boolean {
  return isRoot(node, builders) || (ts.forEachChild(node, (child) => containsRoot(child, builders) || undefined) ?? false);
}

/** The literal parts of an expression not `claimed` before, in source order, joined by `…` where values go in between. */
function literalText(node: ts.Node, claimed: Set<ts.Node>): string {
  const parts: string[] = [];
  const visit = (n: ts.Node): void => {
    const literal = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n);
    if (!literal) ts.forEachChild(n, visit);
    else if (!claimed.has(n)) {
      claimed.add(n);
      parts.push(n.text);
    }
  };
  visit(node);
  return parts.join('…');
}
