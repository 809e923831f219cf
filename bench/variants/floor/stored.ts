/**
 * The floor's store-backed middleware (see variants/floor.ts): the express-session API shape at its
 * smallest. `req.session` and `res.end` become own properties; at `res.end` the session is saved
 * only if its JSON differs from what was loaded, and a cookie is set only for a new session.
 * A sync store (the Map) costs no promise, so the memory floor is not slowed by the Redis one's needs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { cookieLine, FLOOR_TTL_MS, newId, readCookie, SID, signedValue, storeKey, verifiedId } from './signed-id.js';

/** A backend: sync (the Map) or async (Redis, PostgreSQL). */
export interface FloorStore {
  get(key: string): string | undefined | Promise<string | undefined>;
  set(key: string, json: string, ttlMs: number): void | Promise<void>;
}

type End = ServerResponse['end'];
type SessionReq = IncomingMessage & { session?: Record<string, unknown> };

/** The middleware over `store`, signing ids with `secret`. */
export function storedFloor(store: FloorStore, secret: string): RequestHandler {
  return (request, response, next) => {
    const req = request as unknown as SessionReq;
    const res: ServerResponse = response;
    const cookieId = verifiedId(readCookie(req, SID), secret);
    const key = cookieId === undefined ? undefined : storeKey(cookieId);
    const start = (loaded: string | undefined) => {
      const isNew = loaded === undefined;
      const before = loaded ?? '{}';
      req.session = JSON.parse(before) as Record<string, unknown>;
      const end = res.end as (...args: unknown[]) => ServerResponse;
      res.end = function endWithSave(this: ServerResponse, ...args: unknown[]) {
        const json = JSON.stringify(req.session);
        if (json === before) return end.apply(this, args);
        // A session unknown to the store (none, forged, expired) gets a fresh id: never the client's.
        const id = isNew ? newId() : (cookieId as string);
        if (isNew) res.setHeader('Set-Cookie', cookieLine(req, SID, signedValue(id, secret)));
        const saved = store.set(isNew ? storeKey(id) : (key as string), json, FLOOR_TTL_MS);
        // Like express-session, the response ends only after the store took the write.
        if (saved instanceof Promise) saved.then(() => end.apply(this, args), (error: unknown) => this.destroy(error as Error));
        else end.apply(this, args);
        return this;
      } as End;
      next();
    };
    if (key === undefined) return start(undefined);
    const found = store.get(key);
    if (found instanceof Promise) found.then(start, next);
    else start(found);
  };
}
