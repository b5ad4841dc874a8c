-- wrk script: POST /api/v1/jobs with a unique job name per request.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = "b" .. tostring(id) .. "-" .. tostring(os.time() % 100000)
end

function request()
  counter = counter + 1
  local body = '{"job":{"name":"' .. prefix .. "-" .. counter ..
    '","project":"bench-submit","image":"nginx:1.27","gpu":0.5,"cpu":1,"memory":"1G"}}'
  return wrk.format("POST", "/api/v1/jobs", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("non2xx=%d\n", errors.status))
end
