import { VICTORIA_METRICS } from '../harness/engines.js';
import { liveSeamSuite } from './live-seam-suite.js';

// vmalert evaluating Steward's rules against VictoriaMetrics, unaligned (tests/harness/victoria-metrics.ts).
liveSeamSuite(VICTORIA_METRICS);
