/**
 * What every edge holds for one request, whichever kind of session it carries (store-backed or
 * sealed): the lifecycle decides, the edge only moves what it answers onto its response.
 */

/** What the end of a request writes: the Set-Cookie lines, and whether they make the response `no-store` (CK-10). */
export interface Outcome {
  setCookie: string[];
  cacheControl: boolean;
}

/** One request's session as an edge sees it: the same four calls for both kinds. */
export interface RequestHandle {
  /** Whether a response carrying a session cookie becomes `no-store` (CK-10). */
  readonly cacheControl: boolean;
  /**
   * Whether {@link headerCookies} can throw (a seal too large for its cookie). Only then must an
   * edge intercept the first streamed write to fail cleanly; a store-backed session decides its
   * header cookies without failing, so its edge patches nothing more than it needs.
   */
  readonly headerCookiesMayFail: boolean;
  /**
   * The Set-Cookie lines for headers going out before the commit (the app streams or calls
   * `writeHead`). Answers once; later calls answer nothing. May throw (a sealed session too large
   * for its cookie): the edge then fails the response as it would a failed commit.
   */
  headerCookies(): string[];
  /**
   * Saves, touches or destroys as the request left things, and answers the lines the headers
   * still need. Synchronous when no store call is needed, so the response goes out in the same
   * tick; a refusal or store failure throws or rejects.
   */
  commit(): Outcome | Promise<Outcome>;
  /**
   * After a failed commit: reports it, and says whether the response goes on without the session
   * (`onStoreError: 'anonymous'` and a store failure); otherwise the edge fails the response.
   */
  failed(error: unknown): boolean;
}

// Shared, frozen answers for a response that gets no session cookie (never mutated by the edges).
export const NO_LINES: string[] = Object.freeze([]) as unknown as string[];
export const NOTHING: Outcome = Object.freeze({ setCookie: NO_LINES, cacheControl: false });
export const NOTHING_NO_STORE: Outcome = Object.freeze({ setCookie: NO_LINES, cacheControl: true });

/**
 * Runs the handle's commit and hands its outcome to `done` or its failure to `failed`: in the
 * same tick when no store call is awaited (so the response goes out at once), and never a
 * rejection left unhandled. Returns the work still pending, if any.
 */
export function runCommit(handle: RequestHandle, done: (outcome: Outcome) => void, failed: (error: unknown) => void): Promise<void> | void {
  let outcome: Outcome | Promise<Outcome>;
  try {
    outcome = handle.commit();
  } catch (error) {
    failed(error);
    return;
  }
  if (outcome instanceof Promise) return outcome.then(done, failed);
  done(outcome);
}
