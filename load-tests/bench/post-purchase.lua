-- wrk script for rate-limiter.sh: POSTs a purchase body to the path given as the first argument, with
-- the bearer tokens of the file given as the second argument (one per line) taken in turn, so one
-- token is one hot user and many tokens are many partitions of the per-user limit.
local path
local tokens = {}
local sent = 0

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    tokens[#tokens + 1] = line
  end
end

function request()
  sent = sent + 1
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. tokens[(sent % #tokens) + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = tostring(sent),
  }, '{"token":"bench","quantity":1}')
end
