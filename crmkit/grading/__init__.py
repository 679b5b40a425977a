"""Grading for a lab: nbgrader driven through its real CLI and gradebook, weighted 学/练/训/测 grades.

``crmkit grade ...`` (see :mod:`crmkit.grading.commands`).
"""
