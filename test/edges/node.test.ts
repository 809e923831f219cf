import { runEdgeSuite } from './suite.js';
import { nodeHarness } from './harness/node.js';

runEdgeSuite(nodeHarness);
