import { runCsrfSuite } from './suite.js';
import { expressCsrfHarness } from './harness/express.js';

runCsrfSuite(expressCsrfHarness);
