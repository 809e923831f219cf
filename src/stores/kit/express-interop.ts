/** Adapters between satchel's store contract and express-session's callback stores, both ways. */
export { fromExpressStore, type FromExpressStoreOptions } from './express/from-express.js';
export { bindExpressStore, toExpressStore, type ExpressCompatibleStore, type ToExpressStoreOptions } from './express/to-express.js';
export { SATCHEL_META_KEY, type Callback, type ExpressStoreLike } from './express/shared.js';
