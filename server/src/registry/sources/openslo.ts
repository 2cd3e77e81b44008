/**
 * OpenSLO v1 import. An SLO may name its SLI, alert policies, alert conditions and data sources
 * in other documents of any catalog file, so each file's pass only sorts the documents
 * (readOpenSlo) and the SLOs are assembled once every file is read (resolveOpenSlo).
 * The parts of the import are in ./openslo/.
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

export { readOpenSlo, type OpenSloDocument, type OpenSloRead } from './openslo/read-document.js';
export { resolveOpenSlo, type ResolvedOpenSlo } from './openslo/resolve.js';
