"""ch02-training (第二章 训) passes the six proofs of every assignment, written answers included."""

from tests.assessments.harness import make_proofs

test_ch02_training = make_proofs("ch02-training")
