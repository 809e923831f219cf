/** `satchel/mongodb`: the MongoDB session store (official `mongodb` driver 6 or 7, injected by you). */
export { MongoStore } from './mongodb/store.js';
export { MONGO_STORE_DEFAULTS } from './mongodb/options.js';
export type { MongoStoreOptions, MongoStoreSource } from './mongodb/options.js';
export { MONGO_INDEXES } from './mongodb/indexes.js';
export type { MongoSessionDocument } from './mongodb/document.js';
