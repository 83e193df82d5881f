-- Rebuilds a flushed live stock from PostgreSQL in one step (purchases are refused while it is missing).
-- KEYS[1] stock   KEYS[2] stock:restored (marker)   KEYS[3] units-per-user   KEYS[4..] the stock segments
-- ARGV[1] available   ARGV[2] marker TTL (s)   ARGV[3] restored at (unix ms)   ARGV[4..] the segments' shares,
-- then (user id, units) pairs.
-- Returns 1 when it restored, 0 when the stock existed already.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local segments = #KEYS - 3
redis.call('SET', KEYS[1], ARGV[1])
for i = 1, segments do redis.call('SET', KEYS[3 + i], ARGV[3 + i]) end
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
for i = 4 + segments, #ARGV, 2 do
  if tonumber(ARGV[i + 1]) > tonumber(redis.call('HGET', KEYS[3], ARGV[i]) or '0') then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  end
end
return 1
