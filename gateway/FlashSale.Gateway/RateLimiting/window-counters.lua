-- Fixed-window counters shared by every gateway replica: all of a request's limits pass, or none is counted.
-- KEYS[i] one counter per limit   ARGV[2i-1] that limit's permit count   ARGV[2i] its window (ms)
-- Returns {0, 0} when counted, or {i, ms until limit i's window ends} for the first limit that is full.
for i = 1, #KEYS do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used >= tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      -- a counter without a TTL would block its partition for good: give it a window again
      redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
      ttl = tonumber(ARGV[2 * i])
    end
    return { i, ttl }
  end
end
for i = 1, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
  end
end
return { 0, 0 }
