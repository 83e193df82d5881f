-- GET /api/sales/<random id>: ids that were never created (the Bloom filter's 404 path).
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/sales/" .. tostring(math.random(1, 2 ^ 52)))
end
