-- Store a version of a work order and everything that goes with it, atomically (a script runs alone in Redis).
-- KEYS[1] hotline:order:<number> hash (doc, version, status); KEYS[2..] keys the ops below refer to by index
-- ARGV[1] expected stored version ("0": the order must not exist yet), ARGV[2] the new version, ARGV[3] the order
-- document (JSON), ARGV[4] the order number, ARGV[5] consumer group, ARGV[6] stream max length, ARGV[7] status
-- ARGV[8..] ops:
--   X k type unit   XADD to stream KEYS[k] (creating it and the consumer group from id 0 when new) with the fields
--                   type, order, unit, doc
--   Z k score m     ZADD KEYS[k] score m
--   R k m           ZREM KEYS[k] m
--   H k field n     HINCRBY KEYS[k] field n
-- Returns {1, new version} when applied, {0, stored version or ""} when refused (nothing written).
local current = redis.call('HGET', KEYS[1], 'version')
if ARGV[1] == '0' then
  if current then
    return {0, current}
  end
elseif current ~= ARGV[1] then
  return {0, current or ''}
end
redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'version', ARGV[2], 'status', ARGV[7])
local i = 8
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'X' then
    local key = KEYS[tonumber(ARGV[i + 1])]
    if redis.call('EXISTS', key) == 0 then
      redis.call('XGROUP', 'CREATE', key, ARGV[5], '0', 'MKSTREAM')
    end
    redis.call('XADD', key, 'MAXLEN', '~', ARGV[6], '*', 'type', ARGV[i + 2], 'order', ARGV[4], 'unit', ARGV[i + 3],
      'doc', ARGV[3])
    i = i + 4
  elseif op == 'Z' then
    redis.call('ZADD', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'R' then
    redis.call('ZREM', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2])
    i = i + 3
  elseif op == 'H' then
    redis.call('HINCRBY', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  else
    return redis.error_reply('apply.lua: unknown op ' .. tostring(op) .. ' at ARGV[' .. i .. ']')
  end
end
return {1, ARGV[2]}
