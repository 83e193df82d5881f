-- Renews a worker id lease (shared/FlashSale.ServiceDefaults/Ids/WorkerIdLease.cs).
-- KEYS[1] the lease key; ARGV[1] the holder's token; ARGV[2] the lease time to live in milliseconds.
-- Returns 1: renewed. 2: the key was gone (it expired, or Redis lost it in a crash) and nobody else took it,
-- so the holder claimed it again. 0: another instance holds it now; the caller must stop issuing ids with it.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 2
end
return 0
