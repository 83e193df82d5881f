-- A cancelled order's units back to the live stock, once per order.
-- KEYS[1] stock   KEYS[2] released-orders   KEYS[3] stock:restored (marker)   KEYS[4] reservation:<orderId>
-- KEYS[5] units-per-user   [KEYS[6] the order's stock segment, redlock-segmented only]
-- ARGV[1] order id   ARGV[2] quantity   ARGV[3] 1 when PostgreSQL held the units (a restore did not count them)
-- ARGV[4] user id
-- Returns 0 returned, 1 already returned, 2 counted by a restore (the user's units come back instead), 3 stock missing.
if redis.call('EXISTS', KEYS[1]) == 0 then return 3 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 1 end
if ARGV[3] == '0' and redis.call('EXISTS', KEYS[3]) == 1 and redis.call('EXISTS', KEYS[4]) == 0 then
  redis.call('HINCRBY', KEYS[5], ARGV[4], ARGV[2])
  return 2
end
redis.call('INCRBY', KEYS[1], ARGV[2])
if #KEYS == 6 then redis.call('INCRBY', KEYS[6], ARGV[2]) end
return 0
