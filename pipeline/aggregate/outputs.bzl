"""The files the aggregation writes: listed here once.

The deep study's aggregate action declares them (pipeline/deep/deep_study.bzl), the figures'
render tests make them from small results (figures/BUILD), and the aggregator and its test read
this list as C++ (aggregate_outputs_source below): the aggregator fails if what it writes and
this list differ.
"""

AGGREGATE_OUTPUTS = [
    "fig4.tsv",
    "fig5.tsv",
    "fig6.tsv",
    "fig6_selected.tsv",
    "fig7.dat",
    "fig8.tsv",
    "table2.tsv",
    "table2.md",
    "fig4_numbers.md",
    "selection.md",
    "environment.txt",
]

def _outputs_source_impl(ctx):
    ctx.actions.write(
        ctx.outputs.out,
        "// Generated from pipeline/aggregate/outputs.bzl (AGGREGATE_OUTPUTS).\n" +
        "".join(['    "%s",\n' % name for name in AGGREGATE_OUTPUTS]),
    )

# Writes AGGREGATE_OUTPUTS as C++ string literals, one per line.
aggregate_outputs_source = rule(
    implementation = _outputs_source_impl,
    outputs = {"out": "%{name}.inc"},
)
