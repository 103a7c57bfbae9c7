// Frontend unit tests: the pure modules of src/ (no @jupyterlab imports), run by ts-jest.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/unit'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tests/unit/tsconfig.json' }]
  }
};
