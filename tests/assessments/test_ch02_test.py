"""ch02-test (第二章 测) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_ch02_test = make_proofs("ch02-test")
