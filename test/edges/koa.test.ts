import { runEdgeSuite } from './suite.js';
import { koaHarness } from './harness/koa.js';

runEdgeSuite(koaHarness);
