-- At the commit of an order admitted before a flush that a restore counted as available: take its units out
-- of the rebuilt live stock (from the segments that have them, the rest from the first), once per order.
-- KEYS[1] stock   KEYS[2] recounted-orders   KEYS[3] stock:restored   KEYS[4] reservation:<orderId>
-- KEYS[5] units-per-user   KEYS[6..] the stock segments (redlock-segmented)
-- ARGV[1] order id   ARGV[2] quantity   ARGV[3] user id
-- Returns 1 when it took them, 0 when there was nothing to do.
if redis.call('EXISTS', KEYS[3]) == 0 or redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[5], ARGV[3], ARGV[2])
local left = tonumber(ARGV[2])
redis.call('DECRBY', KEYS[1], left)
for i = 6, #KEYS do
  local take = math.min(left, math.max(0, tonumber(redis.call('GET', KEYS[i]) or '0')))
  if take > 0 then
    redis.call('DECRBY', KEYS[i], take)
    left = left - take
  end
end
if left > 0 and #KEYS >= 6 then redis.call('DECRBY', KEYS[6], left) end
return 1
