import { API_VERSION } from '@steward/contract/model/common';
import type { EntityKind } from '@steward/contract/model/service';
import { validateEntity } from '../model/validate-entity.js';
import { pathToField } from '../../validation/schema-check.js';
import { parseYaml } from '../../validation/yaml-source.js';
import { BACKSTAGE_API_VERSIONS, backstageSourceField, mapBackstage } from './backstage.js';
import { REFERENCE_FIELDS, type ParsedCatalogFile } from './located.js';
import { OPENSLO_API_VERSION, readOpenSlo } from './openslo.js';
import { isSloth, mapSloth, SLOTH_API_VERSION, SLOTH_VERSION } from './sloth.js';

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads one catalog file: native Steward documents (steward.dev/v1), Backstage catalog-info,
 * Sloth and OpenSLO documents may be mixed. Pure: bytes in, entries and located issues out.
 * A file that cannot be read as a whole is marked unreadable. OpenSLO SLOs are only collected
 * here: they are assembled with what they refer to in other files by composeFiles.
 */
export function parseCatalogFile(
  path: string,
  bytes: Uint8Array,
  maxBytes = DEFAULT_MAX_FILE_BYTES
): ParsedCatalogFile {
  const result: ParsedCatalogFile = {
    path,
    unreadable: false,
    entities: [],
    memberships: [],
    rejected: [],
    issues: [],
    skipped: {},
  };
  const unreadable = (message: string, line?: number) => {
    result.unreadable = true;
    result.issues.push({ severity: 'error', source: path, field: '', message, ...(line ? { line } : {}) });
    return result;
  };
  if (bytes.byteLength > maxBytes) {
    return oversizedFile(path, bytes.byteLength, maxBytes);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) {
      line += bytes[i] === 0x0a ? 1 : 0;
    }
    return unreadable(`is not valid UTF-8 (byte ${offset}, line ${line}); save it as UTF-8`, line);
  }
  const parsed = parseYaml(text, path);
  if (parsed.issues.length > 0) {
    // One broken document could hide entries; keep the whole file's last good state instead.
    result.unreadable = true;
    result.issues.push(
      ...parsed.issues.map((issue) => ({ ...issue, severity: 'error' as const, message: `YAML: ${issue.message}` }))
    );
    return result;
  }

  result.empty = parsed.documents.length === 0;
  const seen = new Map<string, number>();
  for (const doc of parsed.documents) {
    const value = doc.value as Record<string, any>;
    const apiVersion = typeof value === 'object' && value !== null ? value.apiVersion : undefined;
    const at = (field: Array<string | number>) => doc.locate(field);
    const nameOf = () =>
      typeof value?.metadata?.name === 'string' ? String(value.metadata.name).toLowerCase() : undefined;

    if (typeof apiVersion === 'string' && BACKSTAGE_API_VERSIONS.includes(apiVersion)) {
      const mapped = mapBackstage(value);
      if (mapped.type === 'skipped') {
        skip(mapped.kind);
        continue;
      }
      if (mapped.type === 'membership') {
        result.memberships.push({ ...mapped, path, line: at(['metadata', 'name']).line });
        continue;
      }
      if (mapped.type === 'invalid') {
        const byLine = mapped.problems.map((p) => ({ ...p, at: at(p.field) }));
        byLine.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
        byLine.forEach((p) => reject(mapped.kind, mapped.name, p.field, p.message));
        continue;
      }
      // Check what the mapping produced, but name and point problems at the Backstage document.
      const source = (field: Array<string | number>) => backstageSourceField(field, value);
      accept(
        mapped.entity,
        (field) => at(source(field)),
        (field) => pathToField(source(field))
      );
      mapped.warnings.forEach((w) =>
        warn(w.field, w.message, { kind: mapped.entity.kind, name: mapped.entity.metadata.name })
      );
      continue;
    }
    if (isSloth(value)) {
      const mapped = mapSloth(value);
      if (mapped.skipped) {
        skip(mapped.skipped);
      }
      for (const item of mapped.items) {
        if (item.type === 'invalid') {
          reject(item.name ? 'SLO' : undefined, item.name, item.field, item.message);
        } else {
          // Problems are named and located by the Sloth field the value came from.
          accept(
            item.entity,
            (field) => at(item.sourceField(field)),
            (field) => pathToField(item.sourceField(field))
          );
        }
      }
      mapped.warnings.forEach((w) => warn(w.field, w.message, w.name ? { kind: 'SLO', name: w.name } : undefined));
      continue;
    }
    if (apiVersion === OPENSLO_API_VERSION) {
      const read = readOpenSlo(value);
      if (read.type === 'skipped') {
        skip(read.kind);
        if (read.warning) {
          warn(read.warning.field, read.warning.message);
        }
      } else if (read.type === 'invalid') {
        reject(undefined, undefined, read.field, read.message);
      } else if (read.type === 'entity') {
        accept(
          read.entity,
          (field) => at(read.sourceField(field)),
          (field) => pathToField(read.sourceField(field))
        );
      } else {
        const line = at(['metadata', 'name']).line;
        (result.openslo ??= []).push({ kind: read.kind, name: read.name, value, path, line, locate: doc.locate });
        if (read.kind === 'SLO') {
          // Whether it loads is known once every file is read; until then it keeps its last good state.
          result.rejected.push({ kind: 'SLO', name: read.name });
        }
      }
      continue;
    }
    if (apiVersion !== API_VERSION) {
      reject(
        undefined,
        nameOf(),
        ['apiVersion'],
        `must be "${API_VERSION}", a Backstage apiVersion (${BACKSTAGE_API_VERSIONS.join(', ')}), ` +
          `"${OPENSLO_API_VERSION}" or "${SLOTH_API_VERSION}" (or a Sloth file with version: "${SLOTH_VERSION}")`
      );
      continue;
    }
    accept(value, at);

    function accept(
      candidate: unknown,
      locate: (field: Array<string | number>) => { line: number; column: number },
      fieldName: (field: Array<string | number>) => string = pathToField
    ) {
      const { entity, problems } = validateEntity(candidate);
      const kind = (candidate as { kind?: EntityKind })?.kind;
      if (!entity) {
        const name = (candidate as { metadata?: { name?: unknown } })?.metadata?.name;
        const located = problems.map((problem) => ({ problem, at: locate(problem.path) }));
        located.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
        for (const { problem, at: position } of located) {
          result.issues.push({
            severity: 'error',
            source: path,
            field: fieldName(problem.path),
            message: problem.message,
            ...position,
            ...(kind && typeof name === 'string' ? { entity: { kind, name } } : {}),
          });
        }
        if (kind && typeof name === 'string') {
          result.rejected.push({ kind, name });
        }
        return;
      }
      const key = `${entity.kind}/${entity.metadata.name}`;
      const line = locate(['metadata', 'name']).line;
      if (seen.has(key)) {
        result.issues.push({
          severity: 'error',
          source: path,
          field: 'metadata.name',
          message: `${entity.kind} "${entity.metadata.name}" is already defined at line ${seen.get(key)} of this file`,
          line,
          entity: { kind: entity.kind, name: entity.metadata.name },
        });
        return;
      }
      seen.set(key, line);
      const fieldLines: Record<string, number> = {};
      for (const field of REFERENCE_FIELDS) {
        const spec = entity.spec as Record<string, unknown>;
        const name = field.slice('spec.'.length);
        if (spec[name] !== undefined) {
          fieldLines[field] = locate(['spec', name]).line;
        }
      }
      result.entities.push({ entity, path, line, fieldLines });
    }

    function reject(
      kind: EntityKind | undefined,
      name: string | undefined,
      field: Array<string | number>,
      message: string
    ) {
      result.issues.push({
        severity: 'error',
        source: path,
        field: pathToField(field),
        message,
        ...at(field),
        ...(kind && name ? { entity: { kind, name } } : {}),
      });
      if (kind && name) {
        result.rejected.push({ kind, name });
      }
    }

    function warn(field: Array<string | number>, message: string, entity?: { kind: EntityKind; name: string }) {
      result.issues.push({
        severity: 'warning',
        source: path,
        field: pathToField(field),
        message,
        ...at(field),
        ...(entity ? { entity } : {}),
      });
    }
  }
  return result;

  function skip(kind: string) {
    result.skipped[kind] = (result.skipped[kind] ?? 0) + 1;
  }
}

/** A file too large to read: reported without reading it. */
export function oversizedFile(path: string, size: number, maxBytes: number): ParsedCatalogFile {
  return unreadableFile(path, `is ${size} bytes, over the ${maxBytes}-byte limit for one catalog file; split it`);
}

/** A file whose entries cannot be known: one error, no entries (what it held before is kept). */
export function unreadableFile(path: string, message: string): ParsedCatalogFile {
  return {
    path,
    unreadable: true,
    entities: [],
    memberships: [],
    rejected: [],
    skipped: {},
    issues: [{ severity: 'error', source: path, field: '', message }],
  };
}

/** Offset of the first byte that makes the text invalid UTF-8 (prefix validity is monotonic). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const validPrefix = (length: number) => {
    try {
      // stream: an incomplete sequence at the end is not an error, an invalid one is.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (validPrefix(mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  // A sequence cut short by the bad byte started before it: point at the sequence's first byte.
  for (let start = lo; start > Math.max(0, lo - 4); start--) {
    if (validComplete(bytes.subarray(0, start))) {
      return start;
    }
  }
  return lo;
}

function validComplete(prefix: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix);
    return true;
  } catch {
    return false;
  }
}
