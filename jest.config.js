// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const swcTransform = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...base,
  // d3-color (pulled in by @grafana/data) ships its entry point as .mjs since 3.1.1.
  transform: { ...base.transform, '^.+\\.mjs$': swcTransform },
  // The dashboards' generator (dashboards/src) is tested here too.
  testMatch: [...base.testMatch, '<rootDir>/dashboards/src/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/server/', '<rootDir>/tests/'],
};
