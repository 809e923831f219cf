import { runCsrfSuite } from './suite.js';
import { koaCsrfHarness } from './harness/koa.js';

runCsrfSuite(koaCsrfHarness);
