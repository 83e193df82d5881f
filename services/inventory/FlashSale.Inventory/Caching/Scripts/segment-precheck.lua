-- redlock-segmented, before any lock: answers what needs no lock (a duplicate key, a missing stock).
-- KEYS[1] stock   KEYS[2] units-per-user   KEYS[3] idempotency
-- ARGV[1] user id   ARGV[2] idempotency field
-- Returns {2, earlier order id} | {4, '0'} (stock missing) | {0, units the user holds, total stock}.
local prior = redis.call('HGET', KEYS[3], ARGV[2])
if prior then return {2, prior} end
local total = redis.call('GET', KEYS[1])
if not total then return {4, '0'} end
local used = redis.call('HGET', KEYS[2], ARGV[1]) or '0'
return {0, used, total}
