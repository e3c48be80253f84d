"""The result as files: ``result.json`` (everything, every run) and ``result.md`` (the short table)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _ok(met: bool) -> str:
    return "met" if met else "**missed**"


def _f(value: float | None, fmt: str = ".2f") -> str:
    return "n/a" if value is None else format(value, fmt)


def markdown(result: dict[str, Any]) -> str:
    """Headline table, per-stage table and per-process table."""
    s, inp, opts = result["summary"], result["input"], result["options"]
    targets = s["targets"]
    bare = result["bare"]["median"]
    lat = result.get("latency", {}).get("median", {})
    one = result.get("end_to_end", {}).get("workers_1", {}).get("median", {})
    two = result.get("end_to_end", {}).get("workers_2", {}).get("median", {})
    load = result["machine"]
    cpu = s.get("cpu_overhead", {})
    lines = [
        f"Input: {inp['description']}; {inp['articles']} articles ({inp['distinct_articles']} distinct), {inp['words']} words, "
        f"{inp['claims']} claims. Medians of {opts['repeats']} runs. Machine: {load['cpus']} CPUs, load average "
        f"{load['load_avg_start'][0]:.2f} at start, {load.get('load_avg_end', [0])[0]:.2f} at end.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| bare bound (clean + extract, 1 process) | {bare['articles_per_s']:.2f} articles/s, {bare['words_per_s']:.0f} words/s "
        f"(clean {bare['clean_seconds']:.1f}s + extract {bare['extract_seconds']:.1f}s) | |",
        f"| end to end, 1 extract worker, {opts['concurrency']} posters | {_f(s['e2e_articles_per_s_1_worker'])} articles/s, "
        f"{_f(one.get('words_per_s'), '.0f')} words/s | ≥ 12: {_ok(targets['end to end >= 12 articles/s'])} |",
        f"| pipeline efficiency (end to end / bare) | {_f(s['efficiency'])} | ≥ 0.9: {_ok(targets['efficiency >= 0.9'])} |",
        f"| latency POST → searchable at {_f(lat.get('rate_per_s'))} articles/s | p50 {_f(lat.get('p50_s'))} s, "
        f"p95 {_f(lat.get('p95_s'))} s, p99 {_f(lat.get('p99_s'))} s (the article document alone: p50 "
        f"{_f(lat.get('article_p50_s'))} s, p95 {_f(lat.get('article_p95_s'))} s) | p95 < 1 s: {_ok(targets['p95 < 1 s at half load'])} |",
        f"| end to end, 2 extract workers | {_f(two.get('articles_per_s'))} articles/s (×{_f(s['scaling_2_vs_1'])} vs 1 worker; "
        f"workers active {_f(two.get('extract_workers_active'), '.0f')}) | |",
        f"| peak RSS, largest service | {s['max_service_peak_rss_mb']:.0f} MB | < 500 MB: {_ok(targets['RSS < 500 MB per service'])} |",
        f"| bottleneck (highest CPU share at full load) | {s['bottleneck_stage']} | |",
        f"| CPU per article vs bare (load-robust) | ingest ×{_f(cpu.get('ingest_vs_bare_clean'))} of bare cleaning, "
        f"extract ×{_f(cpu.get('extract_vs_bare_extract'))} of bare extraction; cleaning + extraction = "
        f"{_f(cpu.get('useful_share_of_stack_cpu'))} of all stack CPU | |",
        "",
        "Per stage at full load, 1 extract worker (handler histograms, /metrics before/after each run):",
        "",
        "| stage | ms per article | ms per delivery | deliveries | busy share of wall time |",
        "|---|---|---|---|---|",
    ]
    for name, st in one.get("stages", {}).items():
        lines.append(
            f"| {name} | {st['ms_per_article']:.1f} | {st['ms_per_delivery']:.1f} | {st['deliveries']:.0f} | {st['busy']:.2f} |"
        )
    lines += [
        "",
        "Per process (CPU at full load with 1 extract worker; peak RSS over the whole run):",
        "",
        "| process | CPU ms per article | CPU busy (cores) | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for name, mem in result.get("memory", {}).items():
        cpu = one.get("cpu", {}).get(name, {})
        lines.append(
            f"| {name} | {_f(cpu.get('ms_per_article'), '.1f')} | {_f(cpu.get('busy'))} | {mem.get('peak_rss_mb', 0):.0f} |"
        )
    lines += _profile(result)
    return "\n".join(lines) + "\n"


def _profile(result: dict[str, Any]) -> list[str]:
    """The py-spy summary of the first full-load run, if one was taken (--profile)."""
    runs = result.get("end_to_end", {}).get("workers_1", {}).get("runs", [])
    prof = runs[0].get("profile") if runs else None
    if not prof:
        return []
    lines = [
        "",
        f"py-spy profile of {prof['service']} during the first full-load run ({prof['samples'][0][1]:.0f} active samples; "
        f"collapsed stacks in {prof['collapsed_stacks']}):",
        "",
        "| function (own time) | share | function (including callees) | share |",
        "|---|---|---|---|",
    ]
    for (own, own_share), (tot, tot_share) in zip(prof["own"][:10], prof["total"][:10], strict=False):
        lines.append(f"| {own} | {own_share:.1%} | {tot} | {tot_share:.1%} |")
    return lines


def write(result: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write ``out/result.json`` and ``out/result.md``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "result.json", out / "result.md"
    json_path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    md_path.write_text(markdown(result))
    return json_path, md_path
