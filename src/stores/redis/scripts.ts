import { createHash } from 'node:crypto';

/** A Lua script with its SHA-1, so calls can use EVALSHA and fall back to EVAL once per node. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

export function lua(name: string, body: string): LuaScript {
  const source = `${HELPERS}\n${body.trim()}\n`;
  return Object.freeze({ name, source, sha: createHash('sha1').update(source).digest('hex') });
}

// Every script touches exactly one key (KEYS[1]), so on a cluster no two keys ever need to share
// a slot and sessions stay spread across shards. Replies are integers, strings or flat arrays of
// strings only: Lua `false` and maps would reach RESP2 and RESP3 clients as different types.
// HSET/HDEL go in chunks because `unpack` is bounded by Lua's C stack (~8000 values).
const HELPERS = `
local function live(key, now)
  local e = redis.call('HGET', key, 'e')
  return e and tonumber(e) > tonumber(now)
end
local function chunked(command, key, from, to)
  local i = from
  while i <= to do
    local j = math.min(i + 199, to)
    redis.call(command, key, unpack(ARGV, i, j))
    i = j + 1
  end
end
local function hsetFrom(key, from, to) chunked('HSET', key, from, to) end
local function hdelFrom(key, from, to) chunked('HDEL', key, from, to) end
`;

/** Whole record as a flat field/value array; empty when missing. ARGV: none. */
export const GET = lua('get', `return redis.call('HGETALL', KEYS[1])`);

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
  `
if live(KEYS[1], ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
hsetFrom(KEYS[1], 3, #ARGV)
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`,
);

/**
 * Update-only patch. ARGV: now, pexpireat, expiresAt, lastSeenAt, userMode ('' keep, '0' unbind,
 * '1' bind), userId, unsetCount, unset fields…, set field/value pairs…
 * → {} when missing or expired; {1} or {1, previousUserId} when applied.
 */
export const UPDATE = lua(
  'update',
  `
local key = KEYS[1]
if not live(key, ARGV[1]) then return {} end
local previous = redis.call('HGET', key, 'u')
local unset = tonumber(ARGV[7])
hdelFrom(key, 8, 7 + unset)
hsetFrom(key, 8 + unset, #ARGV)
redis.call('HSET', key, 'e', ARGV[3], 'l', ARGV[4])
if ARGV[5] == '1' then
  redis.call('HSET', key, 'u', ARGV[6])
elseif ARGV[5] == '0' then
  redis.call('HDEL', key, 'u')
end
redis.call('PEXPIREAT', key, ARGV[2])
if previous then return {1, previous} end
return {1}
`,
);

/**
 * Expiry only, never re-creates. ARGV: now, pexpireat, expiresAt, lastSeenAt → {} missing,
 * {1} or {1, userId} touched (the caller extends that user's index to match).
 */
export const TOUCH = lua(
  'touch',
  `
if not live(KEYS[1], ARGV[1]) then return {} end
redis.call('HSET', KEYS[1], 'e', ARGV[3], 'l', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
local user = redis.call('HGET', KEYS[1], 'u')
if user then return {1, user} end
return {1}
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
