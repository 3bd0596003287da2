"""proof_check(): a claim's record (genrule) and the test that asserts it."""

# Every claim checked, in the paper's order; the report (//paper:report) shows each record.
PROOF_CLAIMS = [
    "lemma_3_1",
    "lemma_a_1",
    "eq_11",
    "theorem_3_2",
    "corollary_4_1",
    "lemma_4_2",
    "phase_boundary",
    "gaussian_identities",
]

def proof_check(name):
    """//proofs_check:<name>_record writes <name>.pbtxt; //proofs_check:<name>_test asserts it.

    The record is made by run_check --claim=<name> (built for the exec configuration, i.e.
    optimised), which exits 0 whether or not the claim holds: the report shows the record
    either way, and the test is what fails.

    Args:
      name: the claim, as in claims.cc and the report's {{record <name>}}.
    """
    native.genrule(
        name = name + "_record",
        outs = [name + ".pbtxt"],
        cmd = "$(location :run_check) --claim=%s --out=$@" % name,
        tools = [":run_check"],
    )
    native.cc_test(
        name = name + "_test",
        size = "small",
        args = ["$(rootpath :%s_record)" % name],
        data = [":%s_record" % name],
        deps = [":record_test_main"],
    )
