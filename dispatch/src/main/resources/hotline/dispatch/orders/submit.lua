-- Submit a new work order (one round trip, atomic), as little as the push to its units needs: keep its number for
-- the request id, store it, push it to its units' streams and append it to the order log. Everything derived from
-- it (the indexes, the tallies, the repeat links, the link to its call) is written afterwards from the log by
-- index.lua, so the units get the order without waiting for it (docs/dispatch.md, "Submit, then index").
-- KEYS[1] hotline:orders:req:<requestId>   the request's number
-- KEYS[2] hotline:order:<number>           the order's hash
-- KEYS[3] hotline:orders:log               the order log (one entry per new order: its number)
-- KEYS[4..] the units' streams
-- ARGV[1] the number (taken from the node's block of the day's sequence), ARGV[2] how long the request id is
-- remembered (s), ARGV[3] the order document, ARGV[4] status, ARGV[5] stream max length, then per unit stream
-- (KEYS[4..] in order): ARGV type, unit
-- Returns {1, number} when stored; {0, number} when the request id had already stored its order (a retry: nothing
-- written, nothing pushed again; the number is the stored order's).
local old = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'GET', 'EX', ARGV[2])
if old then
  return {0, old}
end
redis.call('HSET', KEYS[2], 'doc', ARGV[3], 'version', '1', 'status', ARGV[4])
for k = 4, #KEYS do
  local a = 6 + (k - 4) * 2
  redis.call('XADD', KEYS[k], 'MAXLEN', '~', ARGV[5], '*', 'type', ARGV[a], 'order', ARGV[1], 'unit', ARGV[a + 1],
    'doc', ARGV[3])
end
redis.call('XADD', KEYS[3], '*', 'order', ARGV[1])
return {1, ARGV[1]}
