import { createHash } from 'node:crypto';

/** A Lua script with its SHA-1, so calls can use EVALSHA and fall back to EVAL once per node. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

export function lua(name: string, body: string): LuaScript {
  const source = `${body.trim()}\n`;
  return Object.freeze({ name, source, sha: createHash('sha1').update(source).digest('hex') });
}

// Every script touches exactly one key (KEYS[1]), so on a cluster no two keys ever need to share
// a slot and sessions stay spread across shards. Replies are integers, strings or flat arrays of
// strings only: Lua `false` and maps would reach RESP2 and RESP3 clients as different types.
// Redis runs a script's whole source on every call, so each defines only the helpers it uses
// (defining four cost the update script ~0.2 µs of Redis CPU per call).

/** HSET/HDEL/ZREM over ARGV[from..to] in chunks: `unpack` is bounded by Lua's C stack (~8000 values). */
export const CHUNKED = `
local function chunked(command, key, from, to)
  local i = from
  while i <= to do
    local j = math.min(i + 199, to)
    redis.call(command, key, unpack(ARGV, i, j))
    i = j + 1
  end
end
`;

/** Meta fields only (no data) as a flat field/value array. ARGV: none. */
export const META = lua(
  'meta',
  `
local names = {'e', 'c', 'l', 'u', 'a'}
local values = redis.call('HMGET', KEYS[1], 'e', 'c', 'l', 'u', 'a')
local out = {}
for i = 1, 5 do
  if values[i] then
    out[#out + 1] = names[i]
    out[#out + 1] = values[i]
  end
end
return out
`,
);

/** Create-only. ARGV: now, pexpireat, field/value pairs… → 1 created, 0 a live record exists. */
export const CREATE = lua(
  'create',
  `${CHUNKED}
local e = redis.call('HGET', KEYS[1], 'e')
if e and tonumber(e) > tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
chunked('HSET', KEYS[1], 3, #ARGV)
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`,
);

/**
 * Update-only patch. ARGV: now, pexpireat, unsetCount, fields to delete…, field/value pairs to
 * write… (the caller puts `e`, `l` and a new `u` among the pairs, and `u` among the deletions to
 * unbind) → 0 when missing or expired, else 1, or `'u' .. previousUserId` when it was bound
 * (codec.ts `applied`). Three commands for a usual patch: one HMGET for the live check and the
 * previous user, one HSET of meta and data together, the PEXPIREAT; an HDEL only to delete.
 * A scalar reply, not a table: building and converting `{1, user}` cost Redis ~0.5 µs a call.
 */
export const UPDATE = lua(
  'update',
  `${CHUNKED}
local key = KEYS[1]
local meta = redis.call('HMGET', key, 'e', 'u')
if not (meta[1] and tonumber(meta[1]) > tonumber(ARGV[1])) then return 0 end
local unset = tonumber(ARGV[3])
chunked('HDEL', key, 4, 3 + unset)
chunked('HSET', key, 4 + unset, #ARGV)
redis.call('PEXPIREAT', key, ARGV[2])
if meta[2] then return 'u' .. meta[2] end
return 1
`,
);

/**
 * Expiry only, never re-creates. ARGV: now, pexpireat, expiresAt, lastSeenAt → as UPDATE's
 * (0 missing, 1 touched, `'u' .. userId` touched and bound: the caller extends that user's index).
 */
export const TOUCH = lua(
  'touch',
  `
local meta = redis.call('HMGET', KEYS[1], 'e', 'u')
if not (meta[1] and tonumber(meta[1]) > tonumber(ARGV[1])) then return 0 end
redis.call('HSET', KEYS[1], 'e', ARGV[3], 'l', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
if meta[2] then return 'u' .. meta[2] end
return 1
`,
);

/** Delete, reporting the bound user so the caller can drop the index entry. ARGV: none → {} or {userId}. */
export const DESTROY = lua(
  'destroy',
  `
local user = redis.call('HGET', KEYS[1], 'u')
redis.call('DEL', KEYS[1])
if user then return {user} end
return {}
`,
);

/**
 * Delete only while still bound to the given user (a rebind must not be undone by a stale index).
 * ARGV: userId, now → -1 not this user's (or missing), 1 deleted a live record, 0 deleted an expired one.
 */
export const DESTROY_IF_USER = lua(
  'destroy-if-user',
  `
local values = redis.call('HMGET', KEYS[1], 'u', 'e')
if values[1] ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
if values[2] and tonumber(values[2]) > tonumber(ARGV[2]) then return 1 end
return 0
`,
);

/** Delete when expired by the app's clock (Redis may not have purged it yet). ARGV: now → 1 deleted, 0 kept. */
export const PRUNE = lua(
  'prune',
  `
local e = redis.call('HGET', KEYS[1], 'e')
if e and tonumber(e) <= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`,
);
