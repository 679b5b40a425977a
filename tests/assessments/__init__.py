"""Every nbgrader assignment passes the six proofs (see harness.py)."""
