-- Loads a sale's live stock (and segments) into Redis.
-- KEYS[1] stock   KEYS[2..] the stock segments
-- ARGV[1] available   ARGV[2] sale start (unix ms)   ARGV[3] warm-up window (ms)   ARGV[4] 'create' or 'refresh'
-- ARGV[5..] the segments' shares
-- 'create' sets only missing keys. 'refresh' overwrites while the sale is still before its warm-up window
-- (nothing can have been sold), and after that never: 0 when the stock is there, -1 when it is missing.
local function load(mode)
  redis.call('SET', KEYS[1], ARGV[1], mode)
  for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 3], mode) end
end
if ARGV[4] == 'create' then
  load('NX')
  return 1
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now < tonumber(ARGV[2]) - tonumber(ARGV[3]) then
  for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i == 1 and 1 or i + 3]) end
  return 1
end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
return -1
