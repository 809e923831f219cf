/**
 * The lost-update race: one session, N concurrent requests, each setting its own key after a
 * random 0–20 ms wait. A store that saves whole sessions lets the last writer win and drops
 * the others' keys; satchel's update-only patches must keep every acknowledged key.
 */
import { buildApp, listen } from '../lib/app.js';
import { Browser, send } from '../lib/http.js';
import type { Target } from '../lib/targets.js';

export interface RaceResult {
  label: string;
  requests: number;
  /** Requests answered 2xx: their key was acknowledged. */
  acknowledged: number;
  /** Requests that failed (non-2xx or no answer), with their status codes. */
  failed: number;
  failures: Record<string, number>;
  /** Acknowledged keys missing from the session afterwards. */
  lost: number;
}

/** Runs the race once against a freshly opened target and closes it. */
export async function runRace(target: Target, requests: number): Promise<RaceResult> {
  const opened = await target.open();
  const server = await listen(buildApp(opened.middleware));
  try {
    const user = new Browser(target.cookieName);
    const init = await user.request(server.url, 'POST', '/init');
    if (init.status !== 200 || !user.cookie) throw new Error(`${target.label}: /init answered ${init.status} without a session cookie`);
    const cookie = user.cookie;
    const replies = await Promise.all(
      Array.from({ length: requests }, (_, i) => send(server.url, 'POST', `/set/k${i}`, cookie, target.cookieName)),
    );
    const failures: Record<string, number> = {};
    const acknowledged: string[] = [];
    replies.forEach((reply, i) => {
      if (reply.status >= 200 && reply.status < 300) acknowledged.push(`k${i}`);
      else {
        const why = reply.status === 0 ? (reply.hung ? 'hung' : 'refused') : `${reply.status} ${String(reply.body.code ?? '')}`.trim();
        failures[why] = (failures[why] ?? 0) + 1;
      }
    });
    const after = await send(server.url, 'GET', '/keys', cookie, target.cookieName);
    if (after.status !== 200) throw new Error(`${target.label}: /keys answered ${after.status}`);
    const present = new Set(after.body.keys as string[]);
    const lost = acknowledged.filter((key) => !present.has(key)).length;
    return { label: target.label, requests, acknowledged: acknowledged.length, failed: requests - acknowledged.length, failures, lost };
  } finally {
    await server.close();
    await opened.close();
  }
}
