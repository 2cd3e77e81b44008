import { createRequire } from 'node:module';
import type { EditorState as EditorStateType, Extension } from '@codemirror/state';
import type { SyntaxNodeRef } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { decodeStringLiteral, invalidRegexMessage, isRegexOp } from './parse-matcher.js';
import { checkRe2 } from './re2.js';

// Prometheus's own PromQL analyser (type checks, function signatures, vector matching) ships
// in codemirror-promql. Its ESM build imports files without extensions, which Node refuses,
// so it is loaded through its CommonJS build — and @codemirror/state with it, because the
// analyser only accepts the editor state class of its own copy.
const require = createRequire(import.meta.url);
const fromAnalyser = createRequire(require.resolve('@prometheus-io/codemirror-promql'));
const { EditorState } = fromAnalyser('@codemirror/state') as { EditorState: typeof EditorStateType };
const { PromQLExtension } = require('@prometheus-io/codemirror-promql') as {
  PromQLExtension: new () => { asExtension(): Extension };
};
const { Parser } = require('@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js') as {
  Parser: new (state: EditorStateType) => {
    tree: unknown;
    analyze(): void;
    getDiagnostics(): Array<{ message: string; from: number; to: number }>;
  };
};
// The analyser's own copy of the grammar, so the tree it is given has the node ids it knows.
const { parser: analyserGrammar } = fromAnalyser('@prometheus-io/lezer-promql') as {
  parser: { configure(options: { top: string }): { parse(text: string): unknown } };
};
const fullParser = analyserGrammar.configure({ top: 'PromQL' });

const language = new PromQLExtension().asExtension();

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
  const problems: Array<{ message: string; at: number }> = [];
  const tree = parser.parse(expr);
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
  const analyser = new Parser(EditorState.create({ doc: expr, extensions: language }));
  // An editor state parses lazily within a time budget: on a busy machine the analyser would
  // see half a tree and report a valid expression as broken. Give it the whole parse.
  analyser.tree = fullParser.parse(expr);
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
