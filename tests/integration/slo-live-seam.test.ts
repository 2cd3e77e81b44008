import { PROMETHEUS } from '../harness/engines.js';
import { liveSeamSuite } from './live-seam-suite.js';

liveSeamSuite(PROMETHEUS);
