-- Sets a drifted live stock to PostgreSQL's figure, only if Redis is still exactly as it was read.
-- KEYS[1] stock   KEYS[2] reservations   KEYS[3..] the stock segments
-- ARGV[1] stock as read   ARGV[2] stream length as read   ARGV[3] available   ARGV[4..] the segments' shares
-- Returns 1 when it reset, 0 when Redis moved meanwhile (the next run looks again).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('XLEN', KEYS[2]) ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
for i = 3, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1]) end
return 1
