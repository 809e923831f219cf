import { runCsrfSuite } from './suite.js';
import { webCsrfHarness } from './harness/web.js';

runCsrfSuite(webCsrfHarness);
