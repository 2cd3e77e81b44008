import type { OpenSloDocument } from './read-document.js';

export type Path = Array<string | number>;
export type Locate = (path: Path) => { line: number; column: number };

/** A value in one of the documents, and where it is. */
export interface Node {
  doc: OpenSloDocument;
  field: Path;
  value: any;
}

export const root = (doc: OpenSloDocument): Node => ({ doc, field: [], value: doc.value });

export const child = (node: Node, ...keys: Path): Node => ({
  doc: node.doc,
  field: [...node.field, ...keys],
  value: keys.reduce((v: any, k) => (v === null || v === undefined ? undefined : v[k]), node.value),
});

export function asList(node: Node): Node[] {
  return Array.isArray(node.value) ? node.value.map((_: unknown, i: number) => child(node, i)) : [];
}

export function lower(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
