/**
 * The request decoration that marks a scope where `cookieSession()` owns `request.session`: the
 * two kinds decorate the property differently (a data property, an accessor), so a scope can hold
 * only one of them, and registration says so instead of a request failing later.
 */
export const SEALED = Symbol('satchel.fastify.sealed');

// Typed as plain strings: Fastify types a decoration by the property's declared type, and
// request.session's declared type depends on the app's declared mode.
export const SESSION: string = 'session';
export const SESSION_OPTIONS: string = 'sessionOptions';

/** Which kind of session claimed the request (`claimSessionIn`'s slot): a decoration, null by default. */
export const OWNER = Symbol('satchel.fastify.owner');
