-- Is the id possibly in the Bloom filter of sale ids?
-- KEYS[1] the filter (bit field)   ARGV[1..] the id's bit positions
-- Returns 1 maybe, 0 certainly not, -1 no filter (callers fall back to the database).
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
for i = 1, #ARGV do
  if redis.call('GETBIT', KEYS[1], ARGV[i]) == 0 then return 0 end
end
return 1
