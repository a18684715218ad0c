-- Counts every response whose status is not the one expected, and those outside 2xx/3xx, so
-- that a run full of errors is flagged instead of reported as fast. With "ask" it also sends
-- question forms, each with words of its own (the site stores the same text only once).
--
-- wrk -s bench/wrk.lua URL -- EXPECTED [ask COOKIE CSRF_TOKEN STARTED]

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local QUESTIONS = {
  "How long do you keep the notes our sales team writes about a contact once the deal is lost?",
  "If a customer of ours asks for a copy of everything we hold, can Quillstone export it for us?",
  "Do you move any of the contact data we store to servers outside the United Kingdom?",
  "My name is Jo Bloggs and I would like to know whether my old account was deleted.",
  "Which sub-processors see the email addresses of the people we send campaigns to?",
}

local function encode(text)
  return (text:gsub("[^%w%-%._~ ]", function(c)
    return string.format("%%%02X", string.byte(c))
  end):gsub(" ", "+"))
end

function init(args)
  expected = tonumber(args[1]) or 200
  unexpected = 0
  failed = 0
  if args[2] == "ask" then
    ask_headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = args[3],
    }
    ask_fields = "csrf_token=" .. encode(args[4]) .. "&started=" .. encode(args[5]) .. "&website="
  end
end

function request()
  if not ask_fields then
    return wrk.format()
  end
  counter = counter + 1
  local question = QUESTIONS[counter % #QUESTIONS + 1]
    .. string.format(" (reference %d-%d)", id, counter)
  return wrk.format("POST", nil, ask_headers,
    ask_fields .. "&email=&question=" .. encode(question))
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
  if status < 200 or status >= 400 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total_unexpected, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total_unexpected = total_unexpected + thread:get("unexpected")
    total_failed = total_failed + thread:get("failed")
  end
  io.write(string.format("bench-unexpected-status: %d\n", total_unexpected))
  io.write(string.format("bench-failed-status: %d\n", total_failed))
end
