/** `satchel/testing`: the store conformance suite, runner-agnostic. */
export { runStoreSuite } from './store-suite.js';
export type { StoreCapability, StoreFaults, StoreSuiteContext, StoreSuiteOptions, TestFn } from './store-suite.js';
