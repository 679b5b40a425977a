"""ch01-test (第一章 测) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_ch01_test = make_proofs("ch01-test")
