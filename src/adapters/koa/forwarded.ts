import type { ProxyAdvice } from '../../http/secure.js';

/** The forwarded-HTTPS warning in Koa's words: Koa trusts proxies through `app.proxy`. */
export const KOA_PROXY_ADVICE: ProxyAdvice = {
  trusts: "Koa's app.proxy (off)",
  fix: 'set app.proxy = true',
};
