"""ch02-study (第二章 学) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_ch02_study = make_proofs("ch02-study")
