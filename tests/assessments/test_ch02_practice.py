"""ch02-practice (第二章 练) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_ch02_practice = make_proofs("ch02-practice")
