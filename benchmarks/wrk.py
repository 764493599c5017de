"""Running wrk against one URL and reading its figures."""

import re
import subprocess
from dataclasses import dataclass

WRK = "/usr/bin/wrk"
THREADS, CONNECTIONS = 2, 16
# wrk's own two seconds would drop the slowest answers of a busy machine from
# the percentiles instead of counting them.
TIMEOUT = "10s"

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Load:
    """What wrk measured for one URL; latencies in milliseconds."""

    requests_per_second: float
    p50: float
    p99: float
    requests: int
    errors: int
    refused: int


def milliseconds(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS[unit]


def parse(output):
    """The figures of wrk's report with ``--latency``: errors are failed
    connections and answers slower than the timeout, refused the answers
    other than 2xx or 3xx."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rate and total and {"50", "99"} <= percentiles.keys()):
        raise ValueError(f"wrk's report was not understood:\n{output}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    refused = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(map(int, sockets.groups())) if sockets else 0
    return Load(
        requests_per_second=float(rate.group(1)),
        p50=milliseconds(percentiles["50"]),
        p99=milliseconds(percentiles["99"]),
        requests=int(total.group(1)),
        errors=errors,
        refused=int(refused.group(1)) if refused else 0,
    )


def run(url, seconds, cookie=None):
    """``wrk -t2 -c16 -d<seconds> --latency`` against ``url``."""
    command = [
        WRK,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        f"--timeout={TIMEOUT}",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse(finished.stdout)
