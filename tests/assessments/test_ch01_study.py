"""ch01-study (第一章 学) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_ch01_study = make_proofs("ch01-study")
