import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that spend minutes waiting on Prometheus's clock (a rule group's first evaluation, an
 * alert's `for:`), not on a CPU. They start first, so their waits overlap the other files' work;
 * sorted by size, as vitest does on a fresh clone, they would start last and the run would end
 * with a fork doing nothing but wait.
 */
const WAITING_ON_PROMETHEUS = ['slo-live-seam.test.ts', 'slo-live-seam-victoria-metrics.test.ts', 'slo-paging.test.ts'];

export default class WallClockFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = WAITING_ON_PROMETHEUS.findIndex((name) => file.moduleId.endsWith(`/${name}`));
      return index === -1 ? WAITING_ON_PROMETHEUS.length : index;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((file, order) => ({ file, order }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
      .map(({ file }) => file);
  }
}
