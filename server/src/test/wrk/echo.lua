-- wrk script for the gateway benchmark: POST the diagnostics echo request (see docs/PERFORMANCE-GATEWAY.md).
wrk.method = "POST"
wrk.body   = '{"model":"echo","text":"hello"}'
wrk.headers["Content-Type"] = "application/json"
