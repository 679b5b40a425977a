"""ch01-practice (第一章 练) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_ch01_practice = make_proofs("ch01-practice")
