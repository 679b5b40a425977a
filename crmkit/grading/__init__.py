"""Grading for a lab: nbgrader driven through its real CLI, converters and gradebook.

``crmkit grade ...`` (:mod:`crmkit.grading.commands`); each command is a function here too.

- :mod:`.weights`: ``course.toml``: 学/练/训/测, chapter and total weights (each adds up to 100)
- :mod:`.course`: the course folder, nbgrader's configuration and CLI, the gradebook
- :mod:`.roster`: ``setup``: students from an Excel/CSV roster into the gradebook
- :mod:`.release`: ``release``: generate an assignment, to the exchange or to a folder and zip
- :mod:`.collect`: ``collect``: submissions from the exchange or from the students' zip files
- :mod:`.autograde`: ``autograde``: parallel, isolated grading merged into the gradebook
- :mod:`.jobs`, :mod:`.worker`: one submission's isolated folder; the worker processes
- :mod:`.sandbox`, :mod:`.guard`: how a notebook runs: limits, stopped kernels, the checks' guard
- :mod:`.protect`, :mod:`.reasons`: the watch on course files and gradebook; reasons for the teacher
- :mod:`.feedback`: ``feedback``: pages without hidden tests, returned to the students
- :mod:`.export`: ``grades`` / ``export``: per student every stage, chapter, regular, final, total
- :mod:`.challenge`: ``challenge``: the BH project manager challenge
- :mod:`.samples`, :mod:`.demo`: sample submissions; the cycle for ``make demo``
"""
