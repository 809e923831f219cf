import { runCsrfSuite } from './suite.js';
import { honoCsrfHarness } from './harness/hono.js';

runCsrfSuite(honoCsrfHarness);
