"""Expected waits for each queued applicant, and officers' policy what-ifs (docs/forecast.md).

`model` is the pure arithmetic, `history` reads the queue, the pool and the round history,
`operations` stores and words the nightly forecasts, `whatif` runs a draft policy on the
current queue in the background and compares it with the policy in force.
"""
