import { runCsrfSuite } from './suite.js';
import { fastifyCsrfHarness } from './harness/fastify.js';

runCsrfSuite(fastifyCsrfHarness);
