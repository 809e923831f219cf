import { runEdgeSuite } from './suite.js';
import { expressHarness } from './harness/express.js';

runEdgeSuite(expressHarness);
