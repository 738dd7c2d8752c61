/** Unit tests sit beside their source or under test/unit; integration tests use supertest + real SQLite files. */
const base = { preset: 'ts-jest', testEnvironment: 'node', transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] } };
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/timeout.ts'] },
    // Real Chromium (the system one); its longer timeout is set in test/helpers/browser.ts.
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // Overload and faults: the server as a child process (killed, flooded), a full disk, a crashing Chromium.
    { ...base, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/faults/timeout.ts'] },
  ],
};
