"""final-exam (期末技能考核) passes the six proofs of every assignment."""

from tests.assessments.harness import make_proofs

test_final_exam = make_proofs("final-exam")
