"""Generate components/monitoring/prometheusrule.yaml from deploy/prometheus/alerts.yml, the one source of the alerts.

    python deploy/kubernetes/sync_alerts.py           # rewrite the PrometheusRule
    python deploy/kubernetes/sync_alerts.py --check   # exit 1 if it differs from what alerts.yml gives

The rule groups are copied verbatim (comments included) under the PrometheusRule's ``spec``, so the alerts that
promtool unit-tests (alerts.test.yml) are exactly the ones the Prometheus Operator loads.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALERTS = HERE.parent / "prometheus" / "alerts.yml"
RULE = HERE / "components" / "monitoring" / "prometheusrule.yaml"
HEADER = """\
# GENERATED from deploy/prometheus/alerts.yml by deploy/kubernetes/sync_alerts.py: edit alerts.yml, then run it.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: claimstream
  namespace: claimstream
  labels:
    app.kubernetes.io/name: claimstream
spec:
"""


def render(alerts: str) -> str:
    """The PrometheusRule manifest holding ``alerts`` (the text of a Prometheus rule file) as its spec."""
    lines = alerts.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):  # the file's own header comment
        lines.pop(0)
    return HEADER + "".join(f"  {line}\n" if line.strip() else "\n" for line in lines)


def main(argv: list[str]) -> int:
    wanted = render(ALERTS.read_text())
    if "--check" in argv:
        if RULE.read_text() != wanted:
            print(
                f"{RULE} is out of date: run python {Path(__file__).relative_to(HERE.parent.parent)}", file=sys.stderr
            )
            return 1
        return 0
    RULE.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
