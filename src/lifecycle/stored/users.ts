import { SessionStoreError } from '../../errors.js';
import type { SessionInfo } from '../../types.js';
import type { ResolvedOptions } from './options.js';

// Per-user session management (TM-04, TM-05): optional in the store contract, so a store
// without a user index gets a typed error that says what is missing, never a silent no-op.

/** Live sessions of a user (metadata only — TM-05). */
export async function listUserSessions(options: ResolvedOptions<any>, userId: string): Promise<SessionInfo[]> {
  const { store } = options;
  if (typeof store.listByUser !== 'function') throw unsupported('listByUser');
  return options.call('listByUser', () => store.listByUser!(userId));
}

/** Destroys a user's sessions, optionally all but one store key (TM-04). */
export async function destroyUserSessions(
  options: ResolvedOptions<any>,
  userId: string,
  except: { exceptKey?: string },
): Promise<number> {
  const { store } = options;
  if (typeof store.destroyByUser !== 'function') throw unsupported('destroyByUser');
  return options.call('destroyByUser', () => store.destroyByUser!(userId, except));
}

/**
 * Destroys one session of a user by its store key ("sign out this device"). The key must be
 * one of that user's live sessions: a key from anywhere else destroys nothing, so a user can end
 * only their own sessions whatever key a request carries.
 */
export async function destroyUserSession(options: ResolvedOptions<any>, userId: string, key: string): Promise<boolean> {
  const sessions = await listUserSessions(options, userId);
  if (!sessions.some((info) => info.key === key)) return false;
  await options.call('destroy', () => options.store.destroy(key));
  return true;
}

function unsupported(operation: string): SessionStoreError {
  return new SessionStoreError(
    operation,
    `this session store does not implement ${operation}; per-user session management needs a store that indexes sessions by user`,
    { code: 'ERR_SESSION_STORE_UNSUPPORTED' },
  );
}
