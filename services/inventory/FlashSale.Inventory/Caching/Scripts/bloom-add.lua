-- Sets the bit positions of ids in the Bloom filter.
-- KEYS[1] the filter   ARGV[1] 'existing' (only into a filter that exists) or 'any'   ARGV[2..] bit positions
-- Returns 1, or -1 when 'existing' found no filter.
if redis.call('EXISTS', KEYS[1]) == 0 and ARGV[1] == 'existing' then return -1 end
for i = 2, #ARGV do redis.call('SETBIT', KEYS[1], ARGV[i], 1) end
return 1
