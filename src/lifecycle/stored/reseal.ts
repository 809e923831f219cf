/**
 * Re-seals a whole store for a key-rotation deadline: every value sealed with an older key, in
 * the earlier v1 format, or still plain from before encryption is sealed again with the first key,
 * in batches, so the old key can then be dropped. Live traffic re-seals what it writes anyway; this is for the rest.
 */
import { createAtRestCipher, isSealedValue } from '../../crypto/at-rest.js';
import { defineData } from '../../data.js';
import { SessionOptionsError } from '../../errors.js';
import type { JsonObject, SessionPatch, SessionStore } from '../../types.js';
import type { EncryptionOptions } from './options.js';
import { USER_FIELD } from './at-rest-store.js';

export interface ResealOptions {
  /** Sessions re-sealed per batch before the next pause. @default 100 */
  batchSize?: number;
  /** Called after each batch with the running totals (e.g. for progress logs). */
  onBatch?: (progress: { scanned: number; resealed: number }) => void;
}

/**
 * Re-seals every session of `store` (the store itself, as passed to `session()`) under the first
 * of `encryption.keys`; resolves to how many sessions were rewritten. Needs a store with `all()`.
 * Each session is rewritten with an update-only patch of just the fields that needed it, so a
 * destroyed session is never brought back; a field the app changes between the read and the
 * rewrite may be overwritten with the value read a moment before, so run it at a quiet hour.
 */
export async function resealSessions(store: SessionStore, encryption: EncryptionOptions, options: ResealOptions = {}): Promise<{ scanned: number; resealed: number }> {
  if (typeof store?.all !== 'function') throw new SessionOptionsError('resealSessions needs a store that can list its sessions (all())');
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new SessionOptionsError('batchSize must be a positive integer');
  const cipher = createAtRestCipher(encryption.keys, encryption.primary);
  let scanned = 0;
  let resealed = 0;
  let inBatch = 0;
  for (const { key, record } of await store.all()) {
    scanned++;
    const set: JsonObject = {};
    let userId: string | undefined;
    for (const field of Object.keys(record.data)) {
      const value = record.data[field];
      if (!isSealedValue(value)) {
        if (field !== USER_FIELD) defineData(set, field, cipher.sealValue(key, field, value));
        continue;
      }
      const opened = cipher.openValue(key, field, value);
      // A value no key opens is left for the app's read to report; nothing here can recover it.
      if (opened === null || !opened.stale) continue;
      if (field === USER_FIELD && typeof opened.value === 'string') userId = opened.value;
      defineData(set, field, cipher.sealValue(key, field, opened.value));
    }
    if (record.userId !== null && userId === undefined && !record.data[USER_FIELD]) userId = record.userId;
    if (userId !== undefined) {
      defineData(set, USER_FIELD, cipher.sealValue(key, USER_FIELD, userId));
    }
    if (Object.keys(set).length === 0) continue;
    const patch: SessionPatch = { set, unset: [], expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt };
    if (userId !== undefined) patch.userId = cipher.userHashes(userId)[0]!;
    if (await store.update(key, patch)) resealed++;
    if (++inBatch >= batchSize) {
      inBatch = 0;
      options.onBatch?.({ scanned, resealed });
      // Let the app's own requests through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  options.onBatch?.({ scanned, resealed });
  return { scanned, resealed };
}
