import type { ProxyAdvice } from '../../http/secure.js';

/** The forwarded-HTTPS warning for node:http, which has no trust-proxy setting: the advice names satchel's option. */
export const NODE_PROXY_ADVICE: ProxyAdvice = {
  trusts: "satchel's proxy option (off)",
  fix: 'pass proxy: true to the session function',
};
