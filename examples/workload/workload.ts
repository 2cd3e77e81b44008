import { readCatalog } from './catalog.js';
import { buildModel, type Model } from './model.js';
import { DAY, Story } from './story.js';

/**
 * The whole simulated organisation for one anchor: what main.ts serves and writes, and what
 * tests recompute to check Prometheus against.
 */
export interface Workload {
  story: Story;
  model: Model;
  /** Where a history of `historyDays` begins (seconds, whole minute). */
  historyStart: number;
}

export function createWorkload(
  catalogDir: string,
  anchor: number,
  historyDays: number,
  warn?: (message: string) => void
): Workload {
  const catalog = readCatalog(catalogDir, warn);
  const deploying = catalog
    .filter((s) => s.lifecycle === 'production' && (s.tier === 'tier-1' || s.tier === 'tier-2'))
    .map((s) => ({ name: s.name, tier: s.tier }));
  const story = new Story(anchor, deploying);
  return { story, model: buildModel(catalog, story), historyStart: anchor - historyDays * DAY };
}
