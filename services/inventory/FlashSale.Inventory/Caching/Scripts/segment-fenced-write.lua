-- redlock-segmented, under a segment's lock: the write, refused if a newer lock holder wrote already
-- (fencing token) or the segment moved since it was read; otherwise the same record as reserve.lua.
-- KEYS[1] stock:<segment>   KEYS[2] stock:<segment>:fenced (highest token applied)   KEYS[3] stock
-- KEYS[4] units-per-user    KEYS[5] idempotency   KEYS[6] reservations   KEYS[7] reservation:<orderId>
-- ARGV[1] fencing token  ARGV[2] segment's new value  ARGV[3] user id  ARGV[4] quantity  ARGV[5] per-user limit
-- ARGV[6] idempotency field  ARGV[7] order id  ARGV[8] sale id  ARGV[9] unit price  ARGV[10] reserved at (unix ms)
-- ARGV[11] index TTL (s)  ARGV[12] segment's value as read under the lock  ARGV[13] traceparent ('' when none)
-- Returns {outcome, order id}: 0 admitted, 2 duplicate, 3 limit reached, 5 stale (fenced off or moved: try again).
local applied = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) <= applied then return {5, '0'} end
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= tonumber(ARGV[12]) then return {5, '0'} end
redis.call('SET', KEYS[2], ARGV[1])
local prior = redis.call('HGET', KEYS[5], ARGV[6])
if prior then return {2, prior} end
local used = tonumber(redis.call('HGET', KEYS[4], ARGV[3]) or '0')
if used + tonumber(ARGV[4]) > tonumber(ARGV[5]) then return {3, '0'} end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('DECRBY', KEYS[3], ARGV[4])
redis.call('HINCRBY', KEYS[4], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[5], ARGV[6], ARGV[7])
redis.call('XADD', KEYS[6], '*', 'orderId', ARGV[7], 'saleId', ARGV[8], 'userId', ARGV[3],
  'quantity', ARGV[4], 'unitPrice', ARGV[9], 'reservedAt', ARGV[10], 'traceparent', ARGV[13])
redis.call('SET', KEYS[7], ARGV[8] .. '|' .. ARGV[3] .. '|' .. ARGV[4] .. '|' .. ARGV[9], 'EX', ARGV[11])
return {0, ARGV[7]}
