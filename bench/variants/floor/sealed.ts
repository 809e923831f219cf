/**
 * The sealed-cookie floor: the session JSON and its expiry sealed with AES-256-GCM under one
 * fixed 32-byte key and a random 12-byte IV per seal; the GCM tag is checked on open (a forged
 * or altered cookie opens to nothing). The cookie is set only when the data changed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { cookieLine, FLOOR_TTL_MS, readCookie } from './signed-id.js';

const NAME = 'session';

/** `expires|json` sealed as base64url(iv ‖ ciphertext ‖ tag). */
function seal(json: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(`${Date.now() + FLOOR_TTL_MS}|${json}`, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The JSON inside a cookie value, or undefined if it is absent, forged, altered or expired. */
function open(value: string | undefined, key: Buffer): string | undefined {
  if (value === undefined) return undefined;
  const raw = Buffer.from(value, 'base64url');
  if (raw.length < 12 + 16) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  let plain: string;
  try {
    plain = decipher.update(raw.subarray(12, raw.length - 16), undefined, 'utf8') + decipher.final('utf8');
  } catch {
    return undefined;
  }
  const bar = plain.indexOf('|');
  return bar > 0 && Number(plain.slice(0, bar)) > Date.now() ? plain.slice(bar + 1) : undefined;
}

type SessionReq = IncomingMessage & { session?: Record<string, unknown> };

/** The middleware sealing under `key` (32 bytes, fixed for the process). */
export function sealedFloor(key: Buffer): RequestHandler {
  return (request, response, next) => {
    const req = request as unknown as SessionReq;
    const res: ServerResponse = response;
    const before = open(readCookie(req, NAME), key) ?? '{}';
    req.session = JSON.parse(before) as Record<string, unknown>;
    const end = res.end as (...args: unknown[]) => ServerResponse;
    res.end = function endWithSeal(this: ServerResponse, ...args: unknown[]) {
      const json = JSON.stringify(req.session);
      if (json !== before) res.setHeader('Set-Cookie', cookieLine(req, NAME, seal(json, key)));
      return end.apply(this, args);
    } as ServerResponse['end'];
    next();
  };
}
