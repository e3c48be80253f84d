"""The pipeline benchmark (``claimstream bench``, ``make bench``): see docs/benchmark.md.

corpus (input) -> bare (compute bound, in process) -> load (POST until searchable) + probes (/metrics, /proc)
-> runner (the sequence, medians) -> report (result.json, result.md).
"""
