"""API resources (issue 6): filled in next."""

ROUTES = []
