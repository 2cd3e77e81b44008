import { pathToField } from '../../../validation/schema-check.js';
import type { CatalogIssue } from '../../model/issues.js';
import { child, root, type Node, type Path } from './node.js';
import type { OpenSloDocument, PartKind } from './read-document.js';
import { findPart, type PartIndex } from './references.js';

/**
 * What the parts of one SLO's mapping share: the issues they report (any error stops the SLO
 * loading), the references they follow, and where each Steward field came from.
 */
export class SloContext {
  readonly issues: CatalogIssue[] = [];
  failed = false;
  /** Steward field → the OpenSLO value it came from, for validation problems. */
  private readonly origins: Array<[Path, Node]> = [];

  constructor(
    readonly doc: OpenSloDocument,
    private readonly index: PartIndex
  ) {}

  reject(node: Node, message: string): undefined {
    this.failed = true;
    this.report(node, message, 'error');
    return undefined;
  }

  warn(node: Node, message: string): void {
    this.report(node, message, 'warning');
  }

  /** The document a reference names; the SLO is rejected if no file defines it. */
  deref(kind: PartKind, ref: Node): Node | undefined {
    const target = findPart(this.index, kind, ref.value);
    return target
      ? root(target)
      : this.reject(ref, `${kind} "${String(ref.value)}" is not defined in any catalog file`);
  }

  /** The node itself, or the document its `refKey` names. */
  inlineOrRef(node: Node, refKey: string, kind: PartKind): Node | undefined {
    return node.value?.[refKey] !== undefined ? this.deref(kind, child(node, refKey)) : node;
  }

  recordOrigins(...origins: Array<[Path, Node]>): void {
    this.origins.push(...origins);
  }

  /** Where the Steward field at `path`, or the nearest recorded field above it, came from. */
  originOf(path: Path): Node {
    const [, node] = this.origins
      .filter(([prefix]) => prefix.every((key, i) => path[i] === key))
      .reduce((best, entry) => (entry[0].length > best[0].length ? entry : best));
    return node;
  }

  private report(node: Node, message: string, severity: 'error' | 'warning') {
    const name = this.doc.name;
    this.issues.push({
      severity,
      source: node.doc.path,
      field: pathToField(node.field),
      message: node.doc === this.doc ? message : `${message} (for SLO "${name}")`,
      ...node.doc.locate(node.field),
      entity: { kind: 'SLO', name },
    });
  }
}
