/** The framework-free CSRF core every edge's `csrf()` wraps. */
export { createCsrfCore } from './guard.js';
export type { CsrfCore, CsrfRequest, CsrfSession } from './guard.js';
export type { CsrfOptions } from './options.js';
export { CSRF_SECRET_KEY } from './token.js';
