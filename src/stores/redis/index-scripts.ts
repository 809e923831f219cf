import { CHUNKED, lua } from './scripts.js';

// The per-user index `<prefix>u:<userId>` is a ZSET: member = session key, score = when Redis
// drops that session's hash (its PEXPIREAT). The set itself expires at its highest score, so it
// outlives none of its sessions and nothing in it lives forever (audit L4: a plain SET without
// expiry grew with every login). Scores only ever rise while a member stays: lowering one could
// let the set expire before a session whose expiry a concurrent touch just extended.
//
// `upgrade` turns a SET written by satchel 0.1 into the ZSET in place; its members' expiries are
// unknown, so they score `inf` (the set keeps no expiry) until `verified()` settles them.
const INDEX_HELPERS = `
local function upgrade(key)
  local t = redis.call('TYPE', key)
  if (t.ok or t) ~= 'set' then return end
  local members = redis.call('SMEMBERS', key)
  redis.call('DEL', key)
  for i = 1, #members do redis.call('ZADD', key, 'inf', members[i]) end
end
local function settle(key, now)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if top[2] and top[2] ~= 'inf' then redis.call('PEXPIREAT', key, top[2]) end
end
`;

/**
 * Adds members or raises their scores, drops members whose sessions are gone by `now`, and moves
 * the set's expiry to its highest score. ARGV: now, mode ('raise', or 'settle': only replace an
 * `inf` score), score/member pairs… → 1.
 */
export const INDEX_ADD = lua(
  'index-add',
  `${INDEX_HELPERS}
local key = KEYS[1]
upgrade(key)
for i = 3, #ARGV, 2 do
  local current = redis.call('ZSCORE', key, ARGV[i + 1])
  local replace
  if ARGV[2] == 'settle' then replace = current == 'inf'
  else replace = current ~= 'inf' and (not current or tonumber(current) < tonumber(ARGV[i])) end
  if replace and tonumber(ARGV[i]) > tonumber(ARGV[1]) then redis.call('ZADD', key, ARGV[i], ARGV[i + 1])
  elseif replace then redis.call('ZREM', key, ARGV[i + 1]) end
end
settle(key, ARGV[1])
return 1
`,
);

/** Removes members and moves the set's expiry to the highest remaining score. ARGV: now, members… → 1. */
export const INDEX_REMOVE = lua(
  'index-remove',
  `${CHUNKED}${INDEX_HELPERS}
upgrade(KEYS[1])
if #ARGV > 1 then chunked('ZREM', KEYS[1], 2, #ARGV) end
settle(KEYS[1], ARGV[1])
return 1
`,
);

/** Drops members whose sessions are gone by `now`, then lists the rest. ARGV: now → flat member/score array. */
export const INDEX_MEMBERS = lua(
  'index-members',
  `${INDEX_HELPERS}
upgrade(KEYS[1])
settle(KEYS[1], ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
`,
);
