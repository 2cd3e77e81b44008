import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';
import type { InputIssue } from './issue.js';

/** One YAML document with enough source information to point errors at lines. */
export interface LocatedDocument {
  value: unknown;
  /** 1-based line and column of the node at `path`, or of its nearest existing parent. */
  locate(path: Array<string | number>): { line: number; column: number };
}

export interface ParsedYaml {
  documents: LocatedDocument[];
  issues: InputIssue[];
}

/**
 * Parses a (possibly multi-document) YAML text. Syntax errors are returned as issues with
 * their line; documents that parsed cleanly are returned even when a sibling document failed.
 */
export function parseYaml(text: string, source: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const issues: InputIssue[] = [];
  const documents: LocatedDocument[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const pos = lineCounter.linePos(error.pos[0]);
        issues.push({ source, field: '', line: pos.line, column: pos.col, message: firstLine(error.message) });
      }
      continue;
    }
    if (doc.contents === null) {
      continue; // an empty document, e.g. a trailing `---`
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // e.g. an alias bomb: "Excessive alias count indicates a resource exhaustion attack"
      const pos = lineCounter.linePos(doc.range[0]);
      issues.push({ source, field: '', line: pos.line, column: pos.col, message: firstLine((error as Error).message) });
      continue;
    }
    documents.push({ value, locate: (path) => locate(doc, lineCounter, path) });
  }
  return { documents, issues };
}

function locate(doc: Document, lineCounter: LineCounter, path: Array<string | number>) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
