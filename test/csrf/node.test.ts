import { runCsrfSuite } from './suite.js';
import { nodeCsrfHarness } from './harness/node.js';

runCsrfSuite(nodeCsrfHarness);
