-- Index a submitted order from the order log, once (idempotent: a redelivered log entry changes nothing): find the
-- earlier orders it repeats, add it to the repeat indexes, the order list, its units' indexes and tallies, the
-- deadline alerts, and link it to its call. Then mark the order indexed with its links, which the caller writes into
-- the order as its LINKED version.
-- KEYS[1] hotline:order:<number>; KEYS[2..] keys the ops below refer to by index
-- ARGV[1] the number, ARGV[2] repeat window start (epoch ms), ARGV[3] the order's submission (epoch ms),
-- ARGV[4] the submission (ISO-8601, for the call's timeline), ARGV[5..] ops, applied in order:
--   C k max         repeat candidates: the newest max of KEYS[k] in [window start, submission] (ZREVRANGEBYSCORE ..
--                   LIMIT); the links are the newest max of all candidates (at most two C ops, all before the others)
--   Z k score m     ZADD KEYS[k] score m
--   A k score       ZADD KEYS[k] score <number> while the order is at version 1 (its deadline alert)
--   H k field n     HINCRBY KEYS[k] field n
--   L k t           link the call: if hash KEYS[k] exists, HSET orderNumber <number> on it and RPUSH to its timeline
--                   list KEYS[t] {"seq":<last seq + 1>,"type":"order","at":ARGV[4],"data":{"orderNumber":..}}
-- Returns {1, links} when indexed now, {0, links} when it had been (links comma-separated, newest first); {-1, ""}
-- when there is no such order.
local n = ARGV[1]
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {-1, ''}
end
local done = redis.call('HGET', KEYS[1], 'indexed')
if done then
  return {0, done}
end

-- repeats (RepeatRule.links): submitted within [window start, submission], before this order in the log (which
-- index.lua follows in order, so the later ones are not in the indexes yet), distinct, newest first, ties by the higher number,
-- at most max of them. That is ZREVRANGEBYSCORE's own order (equal scores in reverse lexicographic order), so each
-- index is asked for its newest max numbers without scores; only when both indexes have some (the same caller about
-- the same place) are they asked again WITHSCORES and merged (each list is already in order: a linear merge).
local sets = {}
local lists = {}
local max = 0
local i = 5
while i <= #ARGV and ARGV[i] == 'C' do
  max = tonumber(ARGV[i + 2])
  local key = KEYS[tonumber(ARGV[i + 1])]
  local r = redis.call('ZREVRANGEBYSCORE', key, ARGV[3], ARGV[2], 'LIMIT', 0, max)
  if #r > 0 then
    sets[#sets + 1] = key
    lists[#lists + 1] = r
  end
  i = i + 3
end
local numbers = {}
if #lists == 1 then
  for _, m in ipairs(lists[1]) do
    if m ~= n then
      numbers[#numbers + 1] = m
    end
  end
elseif #lists == 2 then
  local a = redis.call('ZREVRANGEBYSCORE', sets[1], ARGV[3], ARGV[2], 'WITHSCORES', 'LIMIT', 0, max)
  local b = redis.call('ZREVRANGEBYSCORE', sets[2], ARGV[3], ARGV[2], 'WITHSCORES', 'LIMIT', 0, max)
  local seen = {[n] = true}
  local x, y = 1, 1
  while #numbers < max and (x <= #a or y <= #b) do
    local m
    if y > #b then
      m = a[x]; x = x + 2
    elseif x > #a then
      m = b[y]; y = y + 2
    else
      local sa, sb = tonumber(a[x + 1]), tonumber(b[y + 1])
      if sa > sb or (sa == sb and a[x] >= b[y]) then
        m = a[x]; x = x + 2
      else
        m = b[y]; y = y + 2
      end
    end
    if not seen[m] then
      seen[m] = true
      numbers[#numbers + 1] = m
    end
  end
end
local csv = table.concat(numbers, ',')

while i <= #ARGV do
  local op = ARGV[i]
  if op == 'Z' then
    redis.call('ZADD', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'A' then
    -- the deadline alert of version 1: only while the order is still at version 1 (a later version's write has
    -- already set or removed its own alert)
    if redis.call('HGET', KEYS[1], 'version') == '1' then
      redis.call('ZADD', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], n)
    end
    i = i + 3
  elseif op == 'H' then
    redis.call('HINCRBY', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'L' then
    local call = KEYS[tonumber(ARGV[i + 1])]
    local timeline = KEYS[tonumber(ARGV[i + 2])]
    if redis.call('EXISTS', call) == 1 then
      redis.call('HSET', call, 'orderNumber', n)
      -- the next step number: one above the highest of the last steps (the server appends them nearly in order)
      local seq = 0
      for _, step in ipairs(redis.call('LRANGE', timeline, -8, -1)) do
        local ok, s = pcall(cjson.decode, step)
        if ok and type(s) == 'table' and type(s.seq) == 'number' and s.seq > seq then
          seq = s.seq
        end
      end
      redis.call('RPUSH', timeline, '{"seq":' .. string.format('%d', seq + 1) .. ',"type":"order","at":"' .. ARGV[4]
        .. '","data":{"orderNumber":"' .. n .. '"}}')
    end
    i = i + 3
  else
    return redis.error_reply('index.lua: unknown op ' .. tostring(op) .. ' at ARGV[' .. i .. ']')
  end
end
redis.call('HSET', KEYS[1], 'indexed', csv)
return {1, csv}
