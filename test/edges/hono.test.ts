import { runEdgeSuite } from './suite.js';
import { honoHarness } from './harness/hono.js';

runEdgeSuite(honoHarness);
