/**
 * The Lua scripts of the Redis store. Each touches one key (the per-user index scripts: the index
 * and the 0.1.0 set it replaces, which share a hash tag), so each runs atomically on the node that
 * owns the slot, in Redis Cluster too. Session hashes hold metadata fields
 * (`userId`, `createdAt`, `lastSeenAt`, `expiresAt`, `absoluteExpiresAt`, `userAgent`, `ip`) and
 * one `d:<name>` field per data key, with the JSON-encoded value.
 *
 * Deadlines are compared with the app's clock (`now`, passed in) and the TTL is set relative to
 * it (PEXPIRE), so a clock difference between the app and Redis never cuts a session short.
 *
 * Not a public entry point: the Redis store imports it.
 *
 * @module
 */
import { redisScript as script, type RedisScript } from './client.js'

export type { RedisScript }

/** ARGV: ttl, then field/value pairs. Replaces the hash, then sets its TTL. */
export const CREATE: RedisScript = script(`
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 200 do
  redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`)

/**
 * ARGV: now, deadline, clear (1/0), user mode (k keep / n null / s set), user id, last seen
 * ('' keeps it), number of deleted fields, number of field/value pairs to set, the deleted fields,
 * the field/value pairs to set, then field/delta pairs to increment. Applies clear, delete, set,
 * then increment, in one script, so concurrent increments of one field all count (CL-76).
 * Does nothing when the hash is gone or past its deadline (CL-77).
 * Returns {0} or {1, had a user (1/0), previous user id, absolute deadline}.
 *
 * An increment reads the field's JSON text as a number (anything else, or no field, counts as
 * 0), adds in double precision as JavaScript does, and writes the sum back as JSON: integers in
 * full, other numbers with 17 significant digits (which read back as the same double), and a
 * non-finite sum as `null`, as `JSON.stringify` would.
 */
export const UPDATE: RedisScript = script(`
local meta = redis.call('HMGET', KEYS[1], 'expiresAt', 'absoluteExpiresAt', 'userId')
if not meta[1] or tonumber(meta[1]) <= tonumber(ARGV[1]) then return {0} end
if ARGV[3] == '1' then
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(field, 1, 2) == 'd:' then redis.call('HDEL', KEYS[1], field) end
  end
end
local deleted = tonumber(ARGV[7])
local incrFrom = 9 + deleted + 2 * tonumber(ARGV[8])
for i = 9, 8 + deleted do redis.call('HDEL', KEYS[1], ARGV[i]) end
for i = 9 + deleted, incrFrom - 1, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
for i = incrFrom, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '')
  local sum = (current or 0) + tonumber(ARGV[i + 1])
  local json
  if sum ~= sum or sum == math.huge or sum == -math.huge then json = 'null'
  elseif sum == math.floor(sum) and math.abs(sum) < 2 ^ 53 then json = string.format('%d', sum)
  else json = string.format('%.17g', sum) end
  redis.call('HSET', KEYS[1], ARGV[i], json)
end
if ARGV[4] == 's' then redis.call('HSET', KEYS[1], 'userId', ARGV[5])
elseif ARGV[4] == 'n' then redis.call('HDEL', KEYS[1], 'userId') end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[6]) end
local deadline = ARGV[2]
if tonumber(deadline) > tonumber(meta[2]) then deadline = meta[2] end
redis.call('HSET', KEYS[1], 'expiresAt', deadline)
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(deadline) - tonumber(ARGV[1]), 1))
if meta[3] then return {1, 1, meta[3], meta[2]} end
return {1, 0, '', meta[2]}`)

/** ARGV: now, deadline, last seen (''). Moves the deadline of a live hash only. */
export const TOUCH: RedisScript = script(`
local meta = redis.call('HMGET', KEYS[1], 'expiresAt', 'absoluteExpiresAt')
if not meta[1] or tonumber(meta[1]) <= tonumber(ARGV[1]) then return 0 end
local deadline = ARGV[2]
if tonumber(deadline) > tonumber(meta[2]) then deadline = meta[2] end
redis.call('HSET', KEYS[1], 'expiresAt', deadline)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(deadline) - tonumber(ARGV[1]), 1))
return 1`)

/** Deletes the hash; returns its user id (or nil) so the per-user index can be cleaned. */
export const DESTROY: RedisScript = script(`
local user = redis.call('HGET', KEYS[1], 'userId')
redis.call('DEL', KEYS[1])
return user`)

/**
 * ARGV: user id, now. Deletes the hash only if it still belongs to the user. Returns 1 (a live
 * session deleted), 0 (an expired one) or -1 (no hash, or another user's: nothing deleted).
 */
export const DESTROY_IF_USER: RedisScript = script(`
local meta = redis.call('HMGET', KEYS[1], 'userId', 'expiresAt')
if meta[1] ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
if tonumber(meta[2]) > tonumber(ARGV[2]) then return 1 end
return 0`)

/**
 * The start of every per-user index script. KEYS[1] is the user's index, a sorted set whose
 * members are store keys scored by the absolute deadline of their session (app clock, ms); KEYS[2]
 * is the plain set tessera-session 0.1.0 kept under the old name, in the same slot (same hash
 * tag). ARGV[1] is now. `fold()` moves the old set's members into the index, scored with the old
 * set's own deadline (at least its latest member's), then deletes it: a session an older version
 * indexed stays listed and revocable. `settle()` sets the index's TTL to its latest score.
 */
const INDEX_PRELUDE = `
local now = tonumber(ARGV[1])
local function raise(member, score)
  local current = redis.call('ZSCORE', KEYS[1], member)
  if not current or tonumber(current) < score then
    redis.call('ZADD', KEYS[1], string.format('%d', score), member)
  end
end
local function settle()
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
  if last then
    redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(tonumber(last) - now, 1)))
  end
end
local function fold()
  if redis.call('TYPE', KEYS[2]).ok ~= 'set' then return end
  local ttl = redis.call('PTTL', KEYS[2])
  local score = 9007199254740991
  if ttl > 0 then score = now + ttl end
  for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do raise(member, score) end
  redis.call('DEL', KEYS[2])
  settle()
end
fold()
`

/**
 * ARGV: now, member, deadline. Adds the member scored with `deadline` (a member's score only
 * ever rises) and makes the index live until its latest score, so it outlives every session it
 * lists.
 */
export const INDEX_ADD: RedisScript = script(`${INDEX_PRELUDE}
raise(ARGV[2], tonumber(ARGV[3]))
settle()
return 1`)

/**
 * ARGV: now. Drops the members whose score has passed, and returns the others. A score is the
 * session's absolute deadline, after which no store call accepts the session: such a member is
 * dead whether or not its hash was ever written. A member whose hash is missing but whose score
 * is still ahead is kept: its session may be in the middle of being written.
 */
export const INDEX_LIST: RedisScript = script(`${INDEX_PRELUDE}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`)

/** ARGV: now, then the members to remove: sessions the store has just deleted. */
export const INDEX_REMOVE: RedisScript = script(`${INDEX_PRELUDE}
for i = 2, #ARGV, 200 do
  redis.call('ZREM', KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
end
return 1`)
