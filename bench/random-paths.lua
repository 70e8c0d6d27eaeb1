-- wrk script for the cardinality check: every request a distinct unknown path or a bad
-- count; the thread stops after REQUESTS answers (default 10000), though wrk itself runs
-- for its whole duration.
local limit = tonumber(os.getenv("REQUESTS") or "10000")
local sent, answered = 0, 0
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
