-- wrk.lua: the requests of bench/wrk.sh's scenarios, and one result line.
--
-- Environment:
--   WRK_MODE    get (the URL as given) | post (WRK_BODY each time) |
--               verify (a random line of WRK_PAIRS: number TAB ID number) |
--               paths (GET a random line of WRK_PATHS, e.g. /verify/q/...)
--   WRK_EXPECT  the status every answer should have (post and verify;
--               get only when set: a 303 to the login page is no page);
--               any other status counts as an error
--   WRK_COOKIE  the Cookie header; WRK_TOKEN the form's _csrf field
--   WRK_SPOOF   1: a random X-Real-IP in 127.0.0.0/8 on every request
--               (the bench nginx trusts it from 127.0.0.1 only)
--   WRK_ONCE    1 (paths): the lines in order, each thread its share
--               (WRK_THREADS, 2), so each path is asked once until all
--               are (the uncached image: every request a first render)
--   WRK_NATIVE  1: no response() callback; wrk's own count of statuses
--               above 399 are the errors, as for (b2).  The callback
--               runs Lua for every answer and cost wrk ~16 us of the
--               two shared cores per lookup (58 -> 39 us measured), CPU
--               the floor's run does not spend; use it where every
--               wrong answer is a 4xx/5xx (the valid lookups: 404, 403,
--               429, 502), never where the expected status is one
--
-- done() prints: RESULT requests/s p50_ms p99_ms errors requests
-- where errors are socket errors (connect, read, write, timeout) plus
-- unexpected statuses (get without WRK_EXPECT: wrk's non-2xx/3xx count).

local mode = os.getenv("WRK_MODE") or "get"
local expect = tonumber(os.getenv("WRK_EXPECT") or "200")
local cookie = os.getenv("WRK_COOKIE")
local token = os.getenv("WRK_TOKEN") or ""
local spoof = os.getenv("WRK_SPOOF") == "1"
local once = os.getenv("WRK_ONCE") == "1"
local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
local threads = {}

wrk.method = (mode == "get" or mode == "paths") and "GET" or "POST"
if cookie then
	wrk.headers["Cookie"] = cookie
end
if mode == "post" or mode == "verify" then
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
	wrk.body = os.getenv("WRK_BODY")
end

function setup(thread)
	thread:set("seed", #threads + 1)
	table.insert(threads, thread)
end

-- A random X-Real-IP in 127.0.0.0/8 (WRK_SPOOF).
local function addr()
	return string.format("127.%d.%d.%d", math.random(0, 255),
	    math.random(0, 255), math.random(1, 254))
end

-- Every request is formatted here, once: REQS of them per thread, each
-- a random line (pair or path) with its own random address, handed out
-- in turn by request(), so the client's own work per request stays
-- what it is for a plain GET (formatting each in request() cost wrk 3
-- times the CPU per request of the floors' scenarios, taken from the
-- stack on 2 cores).  A thread sends fewer than REQS requests in a run
-- (64 connections, 10 s), so no address is used twice: the wrong
-- pairs' failures never reach an address's CAPTCHA.
local REQS = 65536

function init(args)
	math.randomseed(os.time() * 1000 + (seed or 0))
	bad = 0
	next_req = 0
	reqs = {}
	local lines = {}
	if mode == "verify" then
		for line in io.lines(os.getenv("WRK_PAIRS")) do
			local n, id = line:match("^(%d+)\t(%w+)$")
			if n then
				lines[#lines + 1] = "_csrf=" .. token ..
				    "&number=" .. n .. "&idno=" .. id
			end
		end
		assert(#lines > 0, "no pairs in WRK_PAIRS")
	elseif mode == "paths" then
		local k = 0
		for line in io.lines(os.getenv("WRK_PATHS")) do
			if line:match("^/") then
				k = k + 1
				if not once or k % nthreads == (seed or 1) - 1 then
					lines[#lines + 1] = line
				end
			end
		end
		assert(#lines > 0, "no paths in WRK_PATHS")
	elseif not spoof then
		return
	end
	if once then
		for i, l in ipairs(lines) do
			reqs[i] = wrk.format(nil, l)
		end
		nreqs = #reqs
		return
	end
	nreqs = REQS
	for i = 1, REQS do
		local h = {}
		for k, v in pairs(wrk.headers) do
			h[k] = v
		end
		if spoof then
			h["X-Real-IP"] = addr()
		end
		local l = #lines > 0 and lines[math.random(#lines)] or nil
		if mode == "paths" then
			reqs[i] = wrk.format(nil, l, h)
		else
			reqs[i] = wrk.format(nil, nil, h, mode == "verify" and l
			    or wrk.body)
		end
	end
end

if mode == "verify" or mode == "paths" or spoof then
	function request()
		next_req = next_req % nreqs + 1
		return reqs[next_req]
	end
end

if os.getenv("WRK_NATIVE") ~= "1" and
    (mode ~= "get" or os.getenv("WRK_EXPECT")) then
	function response(status, headers, body)
		if status ~= expect then
			bad = bad + 1
		end
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	local errs = e.connect + e.read + e.write + e.timeout
	if mode == "get" or os.getenv("WRK_NATIVE") == "1" then
		errs = errs + e.status
	end
	for _, t in ipairs(threads) do
		errs = errs + (t:get("bad") or 0)
	end
	io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
	    summary.requests / (summary.duration / 1e6),
	    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
	    errs, summary.requests))
end
