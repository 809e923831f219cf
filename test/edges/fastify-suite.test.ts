import { runEdgeSuite } from './suite.js';
import { fastifyHarness } from './harness/fastify.js';

runEdgeSuite(fastifyHarness);
