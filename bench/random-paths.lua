-- wrk script: every request a distinct unknown path or a bad count, for the cardinality check.
local counter = 0
request = function()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format("GET", "/no/such/path/" .. counter .. "-" .. math.random(1, 1e9))
  end
  return wrk.format("GET", "/cat_facts?count=bad" .. counter)
end
