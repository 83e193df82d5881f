-- One consistent read of a sale's live stock for reconciliation.
-- KEYS[1] stock   KEYS[2] reservations   KEYS[3..] the stock segments (redlock-segmented)
-- Returns {stock, stream length, sum of the segments (-1 if one is missing; 0 without segments)}.
local total = 0
for i = 3, #KEYS do
  local share = redis.call('GET', KEYS[i])
  if not share then total = -1 break end
  total = total + tonumber(share)
end
return {redis.call('GET', KEYS[1]), redis.call('XLEN', KEYS[2]), total}
