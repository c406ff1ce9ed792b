"""The load test's arithmetic and its report: which confirmed scores the database holds, the percentiles of the
request times, the summary of a run and its table. Plain data in, plain data out: no database, no processes."""

import math
from collections import Counter, defaultdict


def verify_scores(*, sent, stored):
    """Compare what the server confirmed with what the database holds.

    ``sent``: per participant (display name) ``confirmed`` — touchpoint → the last score the server confirmed —
    and ``unconfirmed`` — touchpoint → scores sent after that whose answer never came (a failed request, or one
    cut off when the test stopped). ``stored``: per participant, touchpoint → the score in the database.

    A confirmed score must be stored exactly (else it is *lost*); a touchpoint with an unanswered request may
    hold either the confirmed score or the unanswered one (*uncertain*); anything else stored is *unexpected*.
    Nothing lost then means: no lost, no unexpected, and (without uncertain ones) as many ratings as confirmed
    (participant, touchpoint) pairs.
    """
    matched, uncertain, lost, unexpected = 0, 0, [], []
    for name in sorted(set(sent) | set(stored)):
        confirmed = sent.get(name, {}).get("confirmed", {})
        unconfirmed = sent.get(name, {}).get("unconfirmed", {})
        in_database = stored.get(name, {})
        for touchpoint in sorted(set(confirmed) | set(unconfirmed) | set(in_database)):
            value = in_database.get(touchpoint)
            if touchpoint in confirmed and value == confirmed[touchpoint]:
                matched += 1
            elif touchpoint in unconfirmed and (value in unconfirmed[touchpoint] or value == confirmed.get(touchpoint)):
                uncertain += 1
            elif touchpoint in confirmed:
                lost.append({"participant": name, "touchpoint": touchpoint, "confirmed": confirmed[touchpoint],
                             "stored": value})
            else:
                unexpected.append({"participant": name, "touchpoint": touchpoint, "stored": value})
    return {
        "confirmed_pairs": sum(len(item.get("confirmed", {})) for item in sent.values()),
        "stored": sum(len(item) for item in stored.values()),
        "matched": matched, "uncertain": uncertain, "lost": lost, "unexpected": unexpected,
    }


# --- The figures --------------------------------------------------------------------------------------------

def percentile(values, fraction):
    """Nearest-rank percentile of sorted ``values``."""
    return values[max(0, math.ceil(fraction * len(values)) - 1)] if values else None


def _figures(times, failures, seconds):
    ordered = sorted(times)
    return {"count": len(ordered), "failures": failures,
            "p50_ms": _ms(percentile(ordered, 0.50)), "p95_ms": _ms(percentile(ordered, 0.95)),
            "max_ms": _ms(ordered[-1] if ordered else None),
            "rps": round(len(ordered) / seconds, 2) if seconds else None}


def _ms(value):
    return None if value is None else round(value, 1)


ARRIVALS = ("join (POST)", "login (POST)")


def _table_of(records, seconds):
    times, failures = defaultdict(list), Counter()
    for name, milliseconds, error, _started in records:
        times[name].append(milliseconds)
        failures[name] += bool(error)
    requests = [{"name": name, **_figures(times[name], failures[name], seconds)} for name in sorted(times)]
    overall = _figures([value for values in times.values() for value in values], sum(failures.values()), seconds)
    return requests, overall


def summary(output, checked, *, participants, projectors, seconds, server=None):
    measured = max(output["stopped"] - output["started"], 1e-9)
    records = output["requests"]
    messages = Counter(f"{name}: {error}" for name, _milliseconds, error, _started in records if error)
    requests, overall = _table_of(records, measured)
    # Everyone arrives in the first seconds (joins, logins, first pages all at once): the same figures for the
    # requests that started after the last participant joined and the last projector logged in.
    everyone_in = max((started + milliseconds / 1000 for name, milliseconds, _error, started in records
                       if name in ARRIVALS), default=0.0)
    steady_requests, steady_overall = _table_of([record for record in records if record[3] >= everyone_in],
                                                max(measured - everyone_in, 1e-9))
    scores = checked["scores"]
    users = output["participants"].values()
    scores.update({
        "sent": sum(item["sent"] for item in users),
        "confirmed": sum(item["confirmations"] for item in users),
        # sent when the test stopped and never answered (locust lets each user finish its request first)
        "cut_off": sum(1 for item in users if item.get("in_flight")),
    })
    problems = []
    if overall["failures"]:
        problems.append(f"{overall['failures']} failed requests")
    if output["errors"]:
        problems.append(f"{len(output['errors'])} errors in the load test's users")
    if scores["lost"]:
        problems.append(f"{len(scores['lost'])} confirmed scores lost")
    if scores["unexpected"]:
        problems.append(f"{len(scores['unexpected'])} unexpected ratings stored")
    if not scores["uncertain"] and scores["stored"] != scores["confirmed_pairs"]:
        problems.append(f"{scores['stored']} ratings stored for {scores['confirmed_pairs']} confirmed pairs")
    if scores["duplicate_names"]:
        problems.append(f"guests sharing a display name: {scores['duplicate_names']}")
    if len(output["participants"]) != participants or output["projectors_in"] != projectors:
        problems.append(f"{len(output['participants'])} of {participants} participants joined, "
                        f"{output['projectors_in']} of {projectors} projectors logged in")
    if not scores["confirmed"]:
        problems.append("no score was confirmed: the run measured nothing")
    return {
        "participants": participants, "projectors": projectors, "seconds": seconds,
        "measured_seconds": round(measured, 1), "server": {**(server or {}), **checked["versions"]},
        "requests": requests, "overall": overall, "scores": scores,
        "after_arrival": {"from_seconds": round(everyone_in, 1), "requests": steady_requests,
                          "overall": steady_overall},
        "errors": [f"{count}× {message}" for message, count in messages.most_common(20)] + output["errors"][:20],
        "joined": len(output["participants"]), "projectors_in": output["projectors_in"],
        "ok": not problems, "problems": problems,
    }


def _row(row):
    return (f"{row['name']:<22} {row['count']:>7} {row['failures']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['max_ms']:>8} {row['rps']:>7}")


def table(result):
    server = result["server"]
    if "url" in server:
        where = f"the server at {server['url']}"
    else:
        where = f"gunicorn {server['workers']} workers × {server['threads']} threads"
    versions = ", ".join([server["database"]] + ([f"Redis {server['redis']}"] if server.get("redis") else []))
    lines = [
        f"{result['participants']} participants, {result['projectors']} projectors, "
        f"{result['measured_seconds']} s measured; {where}, {versions}",
        f"Load average on this machine ({result.get('cpus')} CPUs) as locust started / stopped: "
        f"{' / '.join(map(str, result.get('load_average', [])))}",
        "",
        f"{'request':<22} {'count':>7} {'failed':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}",
    ]
    for row in result["requests"] + [{"name": "all requests", **result["overall"]}]:
        lines.append(_row(row))
    later = result["after_arrival"]
    lines += ["", f"The same from {later['from_seconds']} s on, when everyone had joined or logged in:"]
    for row in later["requests"] + [{"name": "all requests", **later["overall"]}]:
        lines.append(_row(row))
    scores = result["scores"]
    lines += [
        "",
        f"Scores: {scores['sent']} sent, {scores['confirmed']} confirmed ({scores['confirmed_pairs']} participant × "
        f"touchpoint pairs), {scores['stored']} stored; {scores['matched']} match, {len(scores['lost'])} lost, "
        f"{len(scores['unexpected'])} unexpected, {scores['uncertain']} uncertain (sent, no answer; "
        f"{scores['cut_off']} cut off by the stop).",
    ]
    for item in scores["lost"][:10]:
        lines.append(f"  lost: {item}")
    for item in scores["unexpected"][:10]:
        lines.append(f"  unexpected: {item}")
    for message in result["errors"][:10]:
        lines.append(f"  error: {message}")
    lines.append("PASSED: no errors, nothing lost." if result["ok"] else "FAILED: " + "; ".join(result["problems"]))
    return "\n".join(lines)
