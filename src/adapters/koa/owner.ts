/** Which kind of session claimed a ctx (`claimSessionIn`'s slot): one own property, the same on every ctx. */
export const OWNER = Symbol('satchel.koa.owner');
