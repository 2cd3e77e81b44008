import { createRequire } from 'node:module';
import type { EditorState as EditorStateType } from '@codemirror/state';
import type { SyntaxNodeRef, Tree } from '@lezer/common';
import { decodeStringLiteral, invalidRegexMessage, isRegexOp } from './parse-matcher.js';
import { checkRe2 } from './re2.js';

// Prometheus's own PromQL analyser (type checks, function signatures, vector matching) ships
// in codemirror-promql. Its ESM build imports files without extensions, which Node refuses,
// so it is loaded through its CommonJS build — and @codemirror/state with it, because the
// analyser only accepts the editor state class of its own copy.
const require = createRequire(import.meta.url);
const fromAnalyser = createRequire(require.resolve('@prometheus-io/codemirror-promql'));
const { EditorState } = fromAnalyser('@codemirror/state') as { EditorState: typeof EditorStateType };
const { Parser } = require('@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js') as {
  Parser: new (state: EditorStateType) => {
    tree: unknown;
    analyze(): void;
    getDiagnostics(): Array<{ message: string; from: number; to: number }>;
  };
};
// The analyser's own copy of the grammar, so the tree it is given has the node ids it knows.
// Each expression is parsed once, whole, with it: the checks below walk that tree, and the
// analyser gets it instead of an editor state's own (lazy, time-budgeted) parse.
const { parser: analyserGrammar } = fromAnalyser('@prometheus-io/lezer-promql') as {
  parser: { configure(options: { top: string }): { parse(text: string): Tree } };
};
const fullParser = analyserGrammar.configure({ top: 'PromQL' });

export interface PromQLProblem {
  message: string;
  /** 1-based line and column within the expression. */
  line: number;
  column: number;
}

/**
 * Every problem Prometheus's PromQL grammar and analyser find in `expr`, in order: syntax
 * errors (lezer-promql) and type errors such as a range vector where an instant vector belongs.
 * An empty list means the expression parses and type-checks.
 */
export function checkPromQL(expr: string): PromQLProblem[] {
  const shape = shapeOf(expr);
  if (shape !== undefined && validShapes.has(shape)) {
    return [];
  }
  const problems = analyse(expr);
  if (shape !== undefined && problems.length === 0) {
    if (validShapes.size >= MAX_SHAPES) {
      validShapes.clear();
    }
    validShapes.add(shape);
  }
  return problems;
}

/**
 * Shapes of expressions found valid. Generated rules repeat a few shapes for every SLO — the same
 * query with another service in its matchers — and parsing and analysing each one made rule
 * generation for 1,000 SLOs take seconds.
 */
const validShapes = new Set<string>();
const MAX_SHAPES = 50_000;

/**
 * The expression with the value of every equality matcher (`="…"`, `!="…"`) reduced to whether it
 * is empty: what the grammar and the analyser decide does not depend on those values otherwise
 * (an empty one can leave a selector without a non-empty matcher). Everything else — regexes,
 * quoted names, other strings — stays as written. None when a string is unterminated, or a value's
 * escapes are not valid: those are analysed in full.
 */
function shapeOf(expr: string): string | undefined {
  let shape = '';
  let from = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === '#') {
      const end = expr.indexOf('\n', i);
      if (end < 0) {
        break;
      }
      i = end;
      continue;
    }
    if (c !== '"' && c !== "'" && c !== '`') {
      continue;
    }
    let j = i + 1;
    for (; j < expr.length && expr[j] !== c; j++) {
      if (c !== '`' && expr[j] === '\\') {
        j++;
      }
      if (c !== '`' && expr[j] === '\n') {
        return undefined;
      }
    }
    if (j >= expr.length) {
      return undefined;
    }
    if (afterEqualityOp(expr, i)) {
      const value = decodeStringLiteral(expr.slice(i, j + 1));
      if (value === undefined) {
        return undefined;
      }
      shape += `${expr.slice(from, i)}${value === '' ? '""' : '"_"'}`;
      from = j + 1;
    }
    i = j;
  }
  return shape + expr.slice(from);
}

/** Does `=` or `!=` (not `==`, `<=`, `>=`) come right before position `at`, spaces aside? */
function afterEqualityOp(expr: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /\s/.test(expr[k]!)) {
    k--;
  }
  return expr[k] === '=' && !['=', '<', '>'].includes(expr[k - 1] ?? '');
}

/** The full check: grammar, regexes, nesting, then Prometheus's analyser. */
function analyse(expr: string): PromQLProblem[] {
  const problems: Array<{ message: string; at: number }> = [];
  const tree = fullParser.parse(expr);
  let depth = 0;
  let tooDeep: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        const near = expr.slice(node.from, node.from + 20).split('\n')[0];
        problems.push({
          message: near ? `syntax error: unexpected "${near}"` : 'syntax error: unexpected end of expression',
          at: node.from,
        });
        return false;
      }
      if (node.name === 'StringLiteral' && decodeStringLiteral(expr.slice(node.from, node.to)) === undefined) {
        // The grammar takes any escape; Prometheus's lexer refuses the ones Go does not know.
        problems.push({ message: 'invalid escape sequence in a string (Go string escapes only)', at: node.from });
      }
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
        const problem = regexProblem(expr, node);
        if (problem) {
          problems.push(problem);
        }
      }
      if (NESTING.has(node.name) && ++depth > MAX_DEPTH && tooDeep === undefined) {
        tooDeep = node.from;
      }
      return undefined;
    },
    leave: (node) => {
      if (NESTING.has(node.name)) {
        depth--;
      }
    },
  });
  if (tooDeep !== undefined) {
    // The analyser's time grows steeply with nesting (seconds at a few hundred levels); no real
    // query nests this deep, so refuse rather than let one request keep a core busy.
    problems.push({ message: `nests deeper than ${MAX_DEPTH} levels; simplify the query`, at: tooDeep });
    return located(expr, problems);
  }
  // The analyser reads the document's text from the state; with no language in it, creating the
  // state parses nothing.
  const analyser = new Parser(EditorState.create({ doc: expr }));
  analyser.tree = tree;
  analyser.analyze();
  for (const diagnostic of analyser.getDiagnostics()) {
    if (!problems.some((p) => p.at === diagnostic.from)) {
      problems.push({ message: diagnostic.message, at: diagnostic.from });
    }
  }
  return located(expr, problems);
}

/**
 * A regex matcher Prometheus would refuse: the grammar and the analyser leave regexes to Go's
 * regexp at load time, where one bad pattern fails the whole rule file.
 */
function regexProblem(expr: string, ref: SyntaxNodeRef): { message: string; at: number } | undefined {
  const node = ref.node;
  const name = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
  const op = node.getChild('MatchOp');
  const value = node.getChild('StringLiteral');
  if (!name || !op || !value || !isRegexOp(expr.slice(op.from, op.to))) {
    return undefined;
  }
  const pattern = decodeStringLiteral(expr.slice(value.from, value.to));
  const check = pattern === undefined ? undefined : checkRe2(pattern);
  if (!check || check.ok) {
    return undefined;
  }
  const label = expr.slice(name.from, name.to);
  return {
    message: invalidRegexMessage(label, expr.slice(op.from, op.to), pattern!, check.message),
    at: value.from + 1 + check.offset,
  };
}

/** Nested parentheses, calls, aggregations and subqueries allowed (`sum(rate(x[5m]))` has 2). */
const MAX_DEPTH = 32;
const NESTING = new Set(['ParenExpr', 'FunctionCall', 'AggregateExpr', 'SubqueryExpr']);

function located(expr: string, problems: Array<{ message: string; at: number }>): PromQLProblem[] {
  return problems.sort((a, b) => a.at - b.at).map(({ message, at }) => ({ message, ...position(expr, at) }));
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
