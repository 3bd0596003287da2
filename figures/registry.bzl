"""Every figure and table of the paper, and the reproduction's own figures: one entry each.

figures/BUILD makes a figure() of each entry (the entry holds figure()'s arguments, relative
labels are in //figures), //figures:all builds them all, and the report (paper/BUILD) gets the
PNG of each entry with `report = True` as the placeholder of the same name ({{figure fig4 ...}}
in paper/report.md). Adding a figure: its script, an entry here, its place in paper/report.md.
"""

load(":figure.bzl", "figure")

# The deep figures' stamp names the LibTorch, device and threads of the results they show.
_DEEP_ENVIRONMENT = "//pipeline/deep:environment.txt"

FIGURES = {
    "fig1": dict(
        report = True,
        height = 1.75,
        script = "fig1_markov_chain.gp",
        stamp = False,  # a diagram: no config involved
    ),
    # Section 5.1, linear-Gaussian model: the study runs at paper scale in every tier
    # (//pipeline:linear_study), so these figures stamp the config from their tables.
    "fig2": dict(
        report = True,
        data = {
            "fixed_point": "//pipeline:linear_study/fig2_fixed_point.dat",
            "adamw": "//pipeline:linear_study/fig2_adamw.dat",
        },
        height = 2.8,
        script = "fig2_linear_beta_sweep.gp",
        stamp = False,
        test_data = {
            "fixed_point": ":testdata/linear/fig2_fixed_point.dat",
            "adamw": ":testdata/linear/fig2_adamw.dat",
        },
    ),
    # Beside Figure 2 (not in the paper): AdamW against steps at the sweep's budget and the
    # budget check's, for fig2_collapse's budget rule (paper/claims/rules.h).
    "fig2_adamw_steps": dict(
        report = True,
        data = {"steps": "//pipeline:linear_study/fig2_adamw_steps.dat"},
        height = 3.0,
        script = "fig2_adamw_steps.gp",
        stamp = False,
        test_data = {"steps": ":testdata/linear/fig2_adamw_steps.dat"},
    ),
    "fig3": dict(
        report = True,
        data = {
            "heat": "//pipeline:linear_study/fig3_fixed_point.dat",
            "boundary": "//pipeline:linear_study/fig3_boundary.dat",
        },
        height = 2.9,
        script = "fig3_linear_heatmaps.gp",
        stamp = False,
        test_data = {
            "heat": ":testdata/linear/fig3_fixed_point.dat",
            "boundary": ":testdata/linear/fig3_boundary.dat",
        },
    ),
    # Table 1: the conv VAE as built from the config (the report shows its Markdown twin).
    "table1": dict(
        report = False,
        data = {"table": "table1.tsv"},
        height = 4.2,
        script = "table.gp",
        variables = {
            "caption": "{/:Bold Table 1.} VAE architecture used in the nonlinear experiments (Section 5.2)",
            "columns": "0.01 0.11 0.45 0.80 0.985",
            "align": "l l l r r",
        },
        test_data = {"table": "table1.tsv"},
    ),
    # The deep study (Section 5.2, Section 6, Appendix B): tables of
    # //pipeline/aggregate:aggregate_results through //pipeline/deep's aliases. The scripts adapt
    # to the number of datasets of the tier.
    "fig4": dict(
        report = True,
        environment = _DEEP_ENVIRONMENT,
        data = {"fig4": "//pipeline/deep:fig4.tsv"},
        height = 2.4,
        helpers = ["datasets.gp", "deep_metrics.gp"],
        script = "fig4_beta_vae.gp",
        test_data = {"fig4": ":testdata/deep/fig4.tsv"},
    ),
    "fig5": dict(
        report = True,
        environment = _DEEP_ENVIRONMENT,
        data = {"fig5": "//pipeline/deep:fig5.tsv"},
        helpers = ["beta_lambda_panels.gp", "datasets.gp", "deep_metrics.gp", "panels.gp"],
        script = "fig5_heatmaps.gp",
        test_data = {"fig5": ":testdata/deep/fig5.tsv"},
    ),
    "fig6": dict(
        report = True,
        environment = _DEEP_ENVIRONMENT,
        data = {
            "fig6": "//pipeline/deep:fig6.tsv",
            "selected": "//pipeline/deep:fig6_selected.tsv",
        },
        helpers = ["beta_lambda_panels.gp", "datasets.gp", "panels.gp"],
        script = "fig6_selection.gp",
        test_data = {
            "fig6": ":testdata/deep/fig6.tsv",
            "selected": ":testdata/deep/fig6_selected.tsv",
        },
    ),
    "fig7": dict(
        report = True,
        environment = _DEEP_ENVIRONMENT,
        data = {"fig7": "//pipeline/deep:fig7.dat"},
        script = "fig7_reconstructions.gp",
        test_data = {"fig7": ":testdata/deep/fig7.dat"},
    ),
    "fig8": dict(
        report = True,
        environment = _DEEP_ENVIRONMENT,
        data = {"fig8": "//pipeline/deep:fig8.tsv"},
        helpers = ["datasets.gp", "panels.gp"],
        script = "fig8_mutual_information.gp",
        test_data = {"fig8": ":testdata/deep/fig8.tsv"},
    ),
    # Table 2 from the config in force (written by the aggregator with the figure data; the
    # report shows its Markdown twin).
    "table2": dict(
        report = False,
        data = {"table": "//pipeline/deep:table2.tsv"},
        height = 3.6,
        script = "table.gp",
        variables = {
            "caption": "{/:Bold Table 2.} Training hyperparameters for the nonlinear experiments",
            "columns": "0.01 0.15 0.50",
            "align": "l l l",
        },
        test_data = {"table": ":testdata/deep/table2.tsv"},
    ),
    # Not a paper figure: how BCE, KL, MIG and SAP develop over training in this tier (every
    # chunk's checkpoint of the config's learning_curve_beta), i.e. how far from converged its
    # models are.
    "learning_curves": dict(
        report = True,
        environment = _DEEP_ENVIRONMENT,
        data = {"curves": "//pipeline/deep:learning_curves"},
        height = 4.4,
        script = "learning_curves.gp",
        test_data = {"curves": ":testdata/deep/learning_curves.tsv"},
    ),
}

# The figures whose PNG the report shows, by placeholder name.
REPORT_FIGURES = [name for name, entry in FIGURES.items() if entry["report"]]

def registered_figures():
    """A figure() for every entry of FIGURES (call once, from figures/BUILD)."""
    for name, entry in FIGURES.items():
        figure(name = name, **{key: value for key, value in entry.items() if key != "report"})
