-- wrk script for the cardinality check (BenchmarkIT): every request a distinct unknown path
-- or a bad count; the thread stops after LIMIT answers (its first argument, after --;
-- default 10000), though wrk itself runs for its whole duration.
local limit = 10000
local sent, answered = 0, 0
init = function(args)
  limit = tonumber(args[1] or "10000")
end
request = function()
  sent = sent + 1
  if sent % 2 == 0 then
    return wrk.format("GET", "/no/such/path/" .. sent .. "-" .. math.random(1, 1e9))
  end
  return wrk.format("GET", "/cat_facts?count=bad" .. sent)
end
response = function()
  answered = answered + 1
  if answered >= limit then
    wrk.thread:stop()
  end
end
