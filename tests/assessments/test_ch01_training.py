"""ch01-training (第一章 训) passes the six proofs of every assignment, written answers included."""

from tests.assessments.harness import make_proofs

test_ch01_training = make_proofs("ch01-training")
