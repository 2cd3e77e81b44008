import { tlsFailure } from '../backends/credentials.js';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TeamEntity } from '@steward/contract/model/team';
import { formatIssue } from '../validation/issue.js';
import { parseYaml, type LocatedDocument } from '../validation/yaml-source.js';
import {
  BaseConfigError,
  buildAlertmanagerConfig,
  renderAlertmanagerConfig,
  type AlertmanagerRoutesOptions,
  type RoutingWarning,
} from './alertmanager-routes.js';

export interface AlertmanagerConfigWriterOptions {
  /** The file Alertmanager loads (`--config.file`). */
  outputFile: string;
  /** The operator's own config: global settings, templates, inhibit rules, fallback route. */
  baseFile?: string;
  /** When set, `POST /-/reload` after every change. */
  alertmanagerUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  routes?: AlertmanagerRoutesOptions;
}

export interface ApplyResult {
  written: boolean;
  reloaded: boolean;
  warnings: RoutingWarning[];
  /** Why the routing tree did not reach Alertmanager; the output file is untouched when the base is bad. */
  error?: string;
}

/** Writes the generated routing tree for Alertmanager and asks it to reload. */
export class AlertmanagerConfigWriter {
  private readonly fetchImpl: typeof fetch;
  /** Content Alertmanager last accepted from us; a failed reload is retried on the next apply. */
  private reloadedContent: string | undefined;
  /** Applies run one at a time, so an older registry snapshot never overwrites a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AlertmanagerConfigWriterOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  apply(teams: TeamEntity[]): Promise<ApplyResult> {
    const next = this.queue.then(() => this.applyNow(teams));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async applyNow(teams: TeamEntity[]): Promise<ApplyResult> {
    const { outputFile, baseFile } = this.options;
    if (baseFile !== undefined && resolve(baseFile) === resolve(outputFile)) {
      return failed([], `the base config ${baseFile} cannot also be the output file`);
    }
    let content: string;
    let warnings: RoutingWarning[];
    try {
      ({ content, warnings } = await this.generate(teams));
    } catch (error) {
      return failed([], (error as Error).message);
    }

    let written = false;
    try {
      if ((await readIfExists(outputFile)) !== content) {
        await writeAtomically(outputFile, content);
        written = true;
      }
    } catch (error) {
      return failed(warnings, `cannot write ${outputFile}: ${(error as Error).message}`);
    }

    if (this.options.alertmanagerUrl === undefined || (!written && this.reloadedContent === content)) {
      return { written, reloaded: false, warnings };
    }
    const reloadError = await this.reload(this.options.alertmanagerUrl);
    if (reloadError !== undefined) {
      this.reloadedContent = undefined;
      return { written, reloaded: false, warnings, error: reloadError };
    }
    this.reloadedContent = content;
    return { written, reloaded: true, warnings };
  }

  private async generate(teams: TeamEntity[]): Promise<{ content: string; warnings: RoutingWarning[] }> {
    const base = await this.readBase();
    try {
      const { config, warnings } = buildAlertmanagerConfig(teams, base?.value, this.options.routes);
      return { content: renderAlertmanagerConfig(config), warnings };
    } catch (error) {
      if (error instanceof BaseConfigError && base !== undefined) {
        const { line, column } = base.locate(error.path);
        const field = error.path.join('.');
        throw new Error(formatIssue({ source: this.options.baseFile!, field, line, column, message: error.reason }));
      }
      throw error;
    }
  }

  /** The parsed base config, or undefined without one (or when empty); errors name the file and line. */
  private async readBase(): Promise<LocatedDocument | undefined> {
    const file = this.options.baseFile;
    if (file === undefined) {
      return undefined;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the base config ${file}: ${(error as Error).message}`);
    }
    const parsed = parseYaml(text, file);
    if (parsed.issues.length > 0) {
      throw new Error(parsed.issues.map(formatIssue).join('\n'));
    }
    if (parsed.documents.length > 1) {
      throw new Error(`${file}: holds ${parsed.documents.length} YAML documents; Alertmanager reads one`);
    }
    return parsed.documents[0];
  }

  private async reload(url: string): Promise<string | undefined> {
    const endpoint = `${url.replace(/\/+$/, '')}/-/reload`;
    let response: Response;
    try {
      response = await this.fetchImpl(endpoint, {
        method: 'POST',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      return `cannot reach Alertmanager at ${endpoint}: ${tlsFailure(error, endpoint, 'alertmanager') ?? (error as Error).message}`;
    }
    if (response.ok) {
      return undefined;
    }
    const body = (await response.text().catch(() => '')).trim().slice(0, 2000);
    return `Alertmanager rejected the reload (HTTP ${response.status})${body === '' ? '' : `: ${body}`}`;
  }
}

function failed(warnings: RoutingWarning[], error: string): ApplyResult {
  return { written: false, reloaded: false, warnings, error };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** Alertmanager may reload at any moment; it must never see a half-written file. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
