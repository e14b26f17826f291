-- Submit a new work order in one step (one round trip, atomic): reserve its number for the request id, find the
-- earlier orders it repeats, then store it, push it to its units' streams, index it and link it to its call.
-- KEYS[1] hotline:orders:req:<requestId>   the request's number once reserved
-- KEYS[2] hotline:orders:seq:<yyyyMMdd>    the day's sequence (INCR)
-- KEYS[3..] keys the ops below refer to by index (repeat indexes, streams, unit indexes, tallies, the call's keys)
-- The order's own hash hotline:order:<number> is named by the number reserved here (ARGV[3] .. number), so it cannot
-- be declared in KEYS: like apply.lua, this needs one Redis (a primary with replicas), not Redis Cluster.
-- ARGV[1] day code yyyyMMdd, ARGV[2] how long the request id is remembered (s), ARGV[3] order key prefix,
-- ARGV[4] consumer group, ARGV[5] stream max length, ARGV[6] status, ARGV[7] repeat window start (epoch ms),
-- ARGV[8] now (epoch ms), ARGV[9] now (ISO-8601, for the call's timeline),
-- ARGV[10..13] the order document in four pieces: doc = ARGV[10] .. "<number>" .. ARGV[11] .. [links] .. ARGV[12]
--   .. "<links, comma-separated>" .. ARGV[13]  (the number, the links array and the SUBMITTED event's detail)
-- ARGV[14..] ops, applied in order:
--   C k max         repeat candidates: the newest max of KEYS[k] in [window-start, now] (ZREVRANGEBYSCORE .. LIMIT);
--                   the links are the newest max of all candidates (at most two C ops, all before the others)
--   X k type unit   XADD to stream KEYS[k] (creating it and the consumer group from id 0 when new) with the fields
--                   type, order, unit, doc
--   N k score       ZADD KEYS[k] score <number>
--   Z k score m     ZADD KEYS[k] score m
--   H k field n     HINCRBY KEYS[k] field n
--   L k t           link the call: if hash KEYS[k] exists, HSET orderNumber <number> on it and RPUSH to its timeline
--                   list KEYS[t] {"seq":<last seq + 1>,"type":"order","at":ARGV[9],"data":{"orderNumber":..}}
-- Returns {1, number, links (comma-separated, newest first)} when stored; {0, number, stored doc} when the request
-- id had already stored its order (a retry: nothing written, nothing pushed again).
local n = redis.call('GET', KEYS[1])
if n then
  local stored = redis.call('HGET', ARGV[3] .. n, 'doc')
  if stored then
    return {0, n, stored}
  end
else
  local seq = redis.call('INCR', KEYS[2])
  if seq == 1 then
    redis.call('EXPIRE', KEYS[2], 259200) -- the day's first number: the sequence outlives its day by two
  end
  n = ARGV[1] .. '-' .. string.format('%06d', seq)
  redis.call('SET', KEYS[1], n, 'EX', ARGV[2])
end

-- repeats (RepeatRule.links): submitted within [window start, now], distinct, newest first, ties by the higher number,
-- at most max of them. That is ZREVRANGEBYSCORE's own order (equal scores in reverse lexicographic order), so each
-- index is asked for its newest max numbers without scores; only when both indexes have some (the same caller about
-- the same place) are they asked again WITHSCORES and merged (each list is already in order: a linear merge).
local sets = {}
local lists = {}
local max = 0
local i = 14
while i <= #ARGV and ARGV[i] == 'C' do
  max = tonumber(ARGV[i + 2])
  local key = KEYS[tonumber(ARGV[i + 1])]
  local r = redis.call('ZREVRANGEBYSCORE', key, ARGV[8], ARGV[7], 'LIMIT', 0, max)
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
  local a = redis.call('ZREVRANGEBYSCORE', sets[1], ARGV[8], ARGV[7], 'WITHSCORES', 'LIMIT', 0, max)
  local b = redis.call('ZREVRANGEBYSCORE', sets[2], ARGV[8], ARGV[7], 'WITHSCORES', 'LIMIT', 0, max)
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
local array = '[]'
if #numbers > 0 then
  array = '["' .. table.concat(numbers, '","') .. '"]'
end
local doc = ARGV[10] .. n .. ARGV[11] .. array .. ARGV[12] .. csv .. ARGV[13]

redis.call('HSET', ARGV[3] .. n, 'doc', doc, 'version', '1', 'status', ARGV[6])
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'X' then
    local key = KEYS[tonumber(ARGV[i + 1])]
    if redis.call('EXISTS', key) == 0 then
      redis.call('XGROUP', 'CREATE', key, ARGV[4], '0', 'MKSTREAM')
    end
    redis.call('XADD', key, 'MAXLEN', '~', ARGV[5], '*', 'type', ARGV[i + 2], 'order', n, 'unit', ARGV[i + 3],
      'doc', doc)
    i = i + 4
  elseif op == 'N' then
    redis.call('ZADD', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], n)
    i = i + 3
  elseif op == 'Z' then
    redis.call('ZADD', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
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
      redis.call('RPUSH', timeline, '{"seq":' .. string.format('%d', seq + 1) .. ',"type":"order","at":"' .. ARGV[9]
        .. '","data":{"orderNumber":"' .. n .. '"}}')
    end
    i = i + 3
  else
    return redis.error_reply('submit.lua: unknown op ' .. tostring(op) .. ' at ARGV[' .. i .. ']')
  end
end
return {1, n, csv}
