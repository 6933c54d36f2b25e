// The unit and property suites run on pinned fixtures, never on environments/ (your
// configuration, which the invariant suite checks). A unit test that starts one of the
// project's commands in a child process (`npm run cost`, main.ts, preflight, verify) passes
// it this process's environment; without SF_CONFIG that command would read environments/ and
// the test would pass or fail with your configuration. So SF_CONFIG defaults to the pinned
// copy of the shipped example here; a test that wants another file still sets its own.
const path = require('path');

const testPath = expect.getState().testPath || '';
if (/[\\/]__tests__[\\/](unit|properties)[\\/]/.test(testPath) && !process.env.SF_CONFIG) {
  process.env.SF_CONFIG = path.join(__dirname, '..', 'fixtures', 'example', 'acme.json');
}
