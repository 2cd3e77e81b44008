import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ParsedCatalogFile } from './located.js';
import { DEFAULT_MAX_FILE_BYTES, oversizedFile, parseCatalogFile, unreadableFile } from './parse-catalog-file.js';

const CATALOG_FILE = /\.ya?ml$/i;

/**
 * A folder of catalog files (GitOps): every *.yaml / *.yml below it, read and parsed, with
 * paths relative to the folder. Unchanged files (same size and mtime) are not parsed again.
 */
export class CatalogDirectory {
  private readonly cache = new Map<string, { size: number; mtimeMs: number; parsed: ParsedCatalogFile }>();
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;

  constructor(
    readonly root: string,
    private readonly maxBytes = DEFAULT_MAX_FILE_BYTES
  ) {}

  async scan(): Promise<ParsedCatalogFile[]> {
    const paths = await this.listFiles(this.root);
    const seen = new Set<string>();
    const result: ParsedCatalogFile[] = [];
    for (const absolute of paths.sort()) {
      const path = relative(this.root, absolute).split(sep).join('/');
      seen.add(path);
      try {
        const info = await stat(absolute);
        const cached = this.cache.get(path);
        if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
          result.push(cached.parsed);
          continue;
        }
        const parsed =
          info.size > this.maxBytes
            ? oversizedFile(path, info.size, this.maxBytes)
            : parseCatalogFile(path, new Uint8Array(await readFile(absolute)), this.maxBytes);
        this.cache.set(path, { size: info.size, mtimeMs: info.mtimeMs, parsed });
        result.push(parsed);
      } catch (error) {
        result.push(unreadableFile(path, `cannot be read: ${(error as Error).message}`));
      }
    }
    for (const path of this.cache.keys()) {
      if (!seen.has(path)) {
        this.cache.delete(path);
      }
    }
    return result;
  }

  /**
   * Calls `onChange` (debounced) when files change. fs.watch events can be lost (network and
   * container file systems), so the folder is also polled every `pollMs`.
   */
  watch(onChange: () => void, options: { debounceMs?: number; pollMs?: number } = {}): void {
    const debounceMs = options.debounceMs ?? 300;
    let timer: NodeJS.Timeout | undefined;
    const trigger = () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    };
    try {
      this.watcher = watch(this.root, { recursive: true }, trigger);
      this.watcher.on('error', () => undefined);
    } catch {
      // recursive watching unsupported here: polling alone still picks changes up
    }
    this.poller = setInterval(trigger, options.pollMs ?? 30_000);
    this.poller.unref();
  }

  close(): void {
    this.watcher?.close();
    clearInterval(this.poller);
  }

  private async listFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    const files: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) {
        continue;
      }
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        files.push(...(await this.listFiles(full)));
      } else if (entry.isFile() && CATALOG_FILE.test(entry.name)) {
        files.push(full);
      }
    }
    return files;
  }
}
