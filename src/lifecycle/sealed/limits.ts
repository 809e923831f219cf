/** Browsers keep at most 4096 bytes of name + value per cookie (RFC 6265 §6.1; CK-07). */
export const COOKIE_LIMIT = 4096;
