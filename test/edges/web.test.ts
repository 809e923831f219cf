import { runEdgeSuite } from './suite.js';
import { webHarness } from './harness/web.js';

runEdgeSuite(webHarness);
