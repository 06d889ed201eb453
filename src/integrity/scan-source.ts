import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import type { IntegrityFlag, IntegrityRule } from './integrity-flag.js';
import { classifySpecifier, GLOBAL_NAMES, PROCESS_INTERNALS } from './rules.js';

// Loaded with require: imported as an ES module, this 9 MB CommonJS package is parsed twice more
// (to detect its format, then to find its exports), which costs about 400 ms of CPU while the
// grading run needs both cores.
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

// Reads a candidate's file as syntax (the TypeScript parser, no type checking: a few ms a file),
// so a word in a comment or in an ordinary string never raises a flag; only code does.

const ASSIGNMENT = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);
const DEFINERS = new Set([
  'Object.defineProperty',
  'Object.defineProperties',
  'Object.assign',
  'Object.setPrototypeOf',
  'Reflect.set',
  'Reflect.defineProperty',
  'Reflect.setPrototypeOf',
]);

function scriptKind(file: string): TS.ScriptKind {
  if (/\.[cm]?tsx?$/.test(file)) return file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

/** `a.b.c` as text for a chain of identifiers and property names; null for anything else. */
function chainText(node: TS.Node): string | null {
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node)) {
    const left = chainText(node.expression);
    return left === null ? null : `${left}.${node.name.text}`;
  }
  if (ts.isElementAccessExpression(node)) {
    const left = chainText(node.expression);
    const key = node.argumentExpression;
    if (left === null) return null;
    return ts.isStringLiteralLike(key) ? `${left}.${key.text}` : `${left}.[computed]`;
  }
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) {
    return chainText(node.expression);
  }
  if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
    return chainText(node.expression);
  }
  return null;
}

/**
 * Local names bound to what a package or a Node module exports (`perf` for node:perf_hooks'
 * performance, `chai` for vitest's): objects every module of the realm shares.
 */
function sharedBindings(source: TS.SourceFile): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const from = statement.moduleSpecifier.text;
    // The candidate's own modules are theirs to change; a package or Node's are everyone's.
    if (from.startsWith('.') || from.startsWith('/') || from.startsWith('#attempt/')) continue;
    const clause = statement.importClause;
    if (clause?.name) bindings.set(clause.name.text, from);
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, from);
    if (named && ts.isNamedImports(named)) {
      for (const e of named.elements) {
        bindings.set(e.name.text, `${from}#${(e.propertyName ?? e.name).text}`);
      }
    }
  }
  return bindings;
}

/** Names a file declares itself (so its own `Date` or `process` is no global); not builtin imports. */
function localNames(source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: TS.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  const visit = (node: TS.Node) => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node)) addBinding(node.name);
    else if (
      (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) &&
      node.name !== undefined
    ) {
      names.add(node.name.text);
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // A binding imported from Node or a package (`performance` from node:perf_hooks) is
      // shared with every module; only the candidate's own modules' bindings are theirs.
      const from = node.moduleSpecifier.text;
      if (from.startsWith('.') || from.startsWith('/') || from.startsWith('#attempt/')) {
        const clause = node.importClause;
        if (clause?.name) names.add(clause.name.text);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
        if (bindings && ts.isNamedImports(bindings)) {
          for (const e of bindings.elements) names.add(e.name.text);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Scans one file's text and returns its flags, in source order. */
export function scanSource(file: string, text: string): IntegrityFlag[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const locals = localNames(source);
  const imported = sharedBindings(source);
  const flags: IntegrityFlag[] = [];
  const flag = (node: TS.Node, rule: IntegrityRule, message: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (!flags.some((f) => f.line === line && f.rule === rule && f.message === message)) {
      flags.push({ file, line, rule, message });
    }
  };
  const isGlobal = (chain: string) => {
    const root = chain.split('.')[0] ?? '';
    return GLOBAL_NAMES.has(root) && !locals.has(root);
  };

  const checkSpecifier = (node: TS.Node, arg: TS.Expression | undefined, how: string) => {
    if (arg && ts.isStringLiteralLike(arg)) {
      const found = classifySpecifier(arg.text);
      if (found) flag(node, found.rule, found.message);
    } else {
      flag(
        node,
        'dynamic-import',
        `${how} with a computed module name: what it loads cannot be read`,
      );
    }
  };

  const checkTarget = (node: TS.Node, target: TS.Node, how: string) => {
    const chain = chainText(target);
    if (chain === null) return;
    const root = chain.split('.')[0] ?? '';
    const from = imported.get(root);
    if (from !== undefined && chain.includes('.') && !locals.has(root)) {
      // A module's exports are shared by every module of the realm, the graders' included.
      const rule = /perf_hooks|#(performance|hrtime)$/.test(from) ? 'clock-patch' : 'global-patch';
      flag(
        node,
        rule,
        `${how} \`${chain}\` (from ${from.replace('#', "'s ")}), shared by every module`,
      );
      return;
    }
    if (!isGlobal(chain)) return;
    const clock =
      root === 'performance' ||
      root === 'Date' ||
      chain.startsWith('process.hrtime') ||
      /^(globalThis|global)\.(performance|Date)\b/.test(chain);
    if (clock) {
      flag(
        node,
        'clock-patch',
        `${how} \`${chain}\`: a clock the graders' timing must not depend on`,
      );
    } else if (chain.includes('.prototype') || chain.includes('__proto__') || chain.includes('.')) {
      flag(node, 'global-patch', `${how} \`${chain}\`, a global every module shares`);
    } else {
      flag(node, 'global-patch', `${how} the global \`${chain}\``);
    }
  };

  const visit = (node: TS.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const found = classifySpecifier(node.moduleSpecifier.text);
      if (found) flag(node, found.rule, found.message);
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref)) checkSpecifier(node, ref.expression, 'require');
    } else if (ts.isCallExpression(node)) {
      const callee = chainText(node.expression);
      const first = node.arguments[0];
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        checkSpecifier(node, first, 'import()');
      } else if (callee === 'require' || callee?.endsWith('.require')) {
        if (!locals.has('require') || callee !== 'require')
          checkSpecifier(node, first, 'require()');
      } else if (callee === 'eval' || callee === 'Function' || callee === 'globalThis.eval') {
        if (!locals.has(callee)) flag(node, 'eval', `calls \`${callee}\`: code built at run time`);
      } else if (callee && DEFINERS.has(callee) && first) {
        checkTarget(node, first, `${callee} on`);
      } else if (callee && /(^|\.)(writeSync|write)$/.test(callee) && first) {
        if (ts.isNumericLiteral(first)) {
          flag(
            node,
            'raw-fd-write',
            `\`${callee}(${first.text}, …)\` writes to a file descriptor it never opened`,
          );
        }
      } else if (
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'constructor' &&
        node.arguments.length > 0
      ) {
        flag(node, 'eval', 'calls a `.constructor(…)` with arguments: the Function constructor?');
      } else if ((callee === 'setTimeout' || callee === 'setInterval') && first) {
        if (ts.isStringLiteralLike(first))
          flag(node, 'eval', `\`${callee}\` with a string of code`);
      }
    } else if (ts.isNewExpression(node)) {
      const callee = chainText(node.expression);
      if (callee === 'Function' && !locals.has('Function')) {
        flag(node, 'eval', '`new Function(…)`: code built at run time');
      }
    } else if (ts.isIdentifier(node) && node.text === 'eval' && !locals.has('eval')) {
      const parent = node.parent;
      const named = ts.isPropertyAccessExpression(parent) && parent.name === node;
      const called = ts.isCallExpression(parent) && parent.expression === node;
      if (!named && !called) flag(node, 'eval', 'takes a reference to `eval`');
    } else if (ts.isPropertyAccessExpression(node)) {
      const chain = chainText(node);
      const name = node.name.text;
      if (name === '_handle') {
        flag(node, 'raw-fd-write', `\`${chain ?? '…._handle'}\`: a stream's native handle`);
      } else if (chain && PROCESS_INTERNALS.has(chain) && !locals.has('process')) {
        flag(node, 'process-internals', `uses \`${chain}\``);
      }
    } else if (ts.isBinaryExpression(node) && ASSIGNMENT.has(node.operatorToken.kind)) {
      checkTarget(node, node.left, 'assigns to');
    } else if (ts.isDeleteExpression(node)) {
      checkTarget(node, node.expression, 'deletes');
    } else if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'fd'
    ) {
      if (ts.isNumericLiteral(node.initializer)) {
        flag(node, 'raw-fd-write', `opens a stream on file descriptor ${node.initializer.text}`);
      }
    } else if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node)) {
      if (/^\/proc(\/|$)/.test(node.text)) {
        flag(node, 'proc-fs', `reads \`${node.text.slice(0, 40)}\`: the process's own internals`);
      } else if (/^\/dev\/(fd\/|std(out|err)$)/.test(node.text)) {
        flag(node, 'raw-fd-write', `opens \`${node.text}\`: a file descriptor it was not given`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return flags;
}
