-- Reserve the order number for a submit request, idempotently.
-- KEYS[1] hotline:orders:req:<requestId>   the request's number once reserved
-- KEYS[2] hotline:orders:seq:<yyyyMMdd>    the day's sequence (INCR)
-- ARGV[1] the day code yyyyMMdd, ARGV[2] how long the request id is remembered (s)
-- Returns the number "yyyyMMdd-NNNNNN" (the format of hotline.orders.lifecycle.OrderNumber); a retried request gets
-- the number reserved the first time, even on another day.
local n = redis.call('GET', KEYS[1])
if n then
  return n
end
local seq = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 259200)
n = ARGV[1] .. '-' .. string.format('%06d', seq)
redis.call('SET', KEYS[1], n, 'EX', ARGV[2])
return n
