-- wrk script: POSTs a real Fax.Plus payload with a distinct hook/data id per request, so every request
-- is a new event (not a duplicate) for the receiver under test.
local template = [[{"hook":{"id":"%s","event":"fax_sent","event_time":"2026-10-17 09:58:12","target":"https://hooks.example.com/faxplus"},"data":{"id":"%s","uid":"7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b","pages":3,"from":"+1 212-555-0147","to":"+1 415-555-0199","start_time":"2026-10-17 09:56:40","file":"0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff","file_name":"fax-to-14155550199","cost":3,"status":"success"}}]]
local threads = {}
local counter = 0
local prefix = "00000000"

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tid * 7919)
  prefix = string.format("%04x%04x", tid, math.random(0, 0xffff))
end

request = function()
  counter = counter + 1
  local id = prefix .. string.format("%016x", counter)
  return wrk.format("POST", wrk.path, {["Content-Type"] = "application/json"}, string.format(template, id, id))
end
