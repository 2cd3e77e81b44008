import { createRequire } from 'node:module';
import type { EditorState as EditorStateType, Extension } from '@codemirror/state';
import { parser } from '@prometheus-io/lezer-promql';

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
    analyze(): void;
    getDiagnostics(): Array<{ message: string; from: number; to: number }>;
  };
};

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
      return undefined;
    },
  });
  const analyser = new Parser(EditorState.create({ doc: expr, extensions: language }));
  analyser.analyze();
  for (const diagnostic of analyser.getDiagnostics()) {
    if (!problems.some((p) => p.at === diagnostic.from)) {
      problems.push({ message: diagnostic.message, at: diagnostic.from });
    }
  }
  return problems.sort((a, b) => a.at - b.at).map(({ message, at }) => ({ message, ...position(expr, at) }));
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
