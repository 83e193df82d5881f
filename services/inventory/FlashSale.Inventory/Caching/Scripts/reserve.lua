-- The redis-lua strategy's whole purchase, atomic: idempotency, per-user limit, stock, then the record.
-- KEYS[1] stock            KEYS[2] units-per-user    KEYS[3] idempotency
-- KEYS[4] reservations (stream the relay hands to RabbitMQ)   KEYS[5] reservation:<orderId> index
-- ARGV[1] user id   ARGV[2] quantity   ARGV[3] per-user limit   ARGV[4] idempotency field (user + key)
-- ARGV[5] order id  ARGV[6] sale id    ARGV[7] unit price       ARGV[8] reserved at (unix ms)
-- ARGV[9] index TTL (s)  ARGV[10] W3C traceparent of the purchase request ('' when none): the relay continues its trace
-- Returns {outcome, order id}: 0 admitted, 1 sold out, 2 duplicate (earlier order id), 3 limit reached, 4 stock missing.
local prior = redis.call('HGET', KEYS[3], ARGV[4])
if prior then return {2, prior} end
local stock = redis.call('GET', KEYS[1])
if not stock then return {4, '0'} end
local quantity = tonumber(ARGV[2])
local used = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if used + quantity > tonumber(ARGV[3]) then return {3, '0'} end
if tonumber(stock) < quantity then return {1, '0'} end
redis.call('DECRBY', KEYS[1], quantity)
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
redis.call('XADD', KEYS[4], '*', 'orderId', ARGV[5], 'saleId', ARGV[6], 'userId', ARGV[1],
  'quantity', ARGV[2], 'unitPrice', ARGV[7], 'reservedAt', ARGV[8], 'traceparent', ARGV[10])
redis.call('SET', KEYS[5], ARGV[6] .. '|' .. ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[7], 'EX', ARGV[9])
return {0, ARGV[5]}
