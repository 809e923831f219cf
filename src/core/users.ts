import { SessionStoreError } from '../errors.js';
import type { SessionInfo } from '../types.js';
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

function unsupported(operation: string): SessionStoreError {
  return new SessionStoreError(
    operation,
    `this session store does not implement ${operation}; per-user session management needs a store that indexes sessions by user`,
    { code: 'ERR_SESSION_STORE_UNSUPPORTED' },
  );
}
