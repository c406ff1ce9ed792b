"""The tooling around the domain: demo data, the team's backup, the benchmark and the load test.

It uses every domain app (workshops, journeys, actions) and no domain module imports it, so it sits in config,
the layer that wires the apps together.
"""
