"""figure(): a gnuplot script plus its data files -> <name>.png (pngcairo) and <name>.pdf (pdfcairo)."""

load("//paper/config:scale.bzl", "DEFAULT_TIER", "TIERS")

# The corner stamp that says which config produced a figure.
CONFIG_STAMP = select({
    ("//conditions:default" if tier == DEFAULT_TIER else "//paper/config:" + tier): stamp
    for tier, stamp in TIERS.items()
})

# Loaded by every script: the shared look (which loads the column lookup) and the column check.
COMMON_HELPERS = ["//figures:style.gp", "//figures:columns.gp", "//figures:require_columns.gp"]

def figure(name, script, data = {}, variables = {}, helpers = [], width = 7.0, height = 2.6,
           stamp = True, environment = None, test_data = {}, **kwargs):
    """Renders `script` twice, to `name`.png (200 dpi) and `name`.pdf.

    The script sees these gnuplot variables: `term` ("png" or "pdf"), `out`, `width` and
    `height` (inches), `stamp` (the config in force, or ""), `style` (figures/style.gp, which
    it loads first), one string variable per entry of `data` (name -> label) holding the
    path of that file, and one string variable per entry of `variables`. A script may set
    `height` (or `width`) from its data before it loads `style`, e.g. one row of panels per
    dataset; the values given here are then only defaults.

    Args:
      name: target name; also the output file stem.
      script: the .gp file.
      data: dict of gnuplot variable name -> label of a single data file.
      variables: dict of gnuplot variable name -> string value (no quotes or dollar signs).
      helpers: gnuplot files the script loads by their workspace path (e.g. figures/datasets.gp),
        besides COMMON_HELPERS;
        gnuplot runs in the execution root, where they lie at that path.
      width: figure width in inches (the paper's text width is about 7 in).
      height: figure height in inches.
      stamp: whether to print the config in force in a corner.
      environment: label of a one-line file (the aggregation's environment.txt) whose first three
        parts are appended to the stamp: which LibTorch, device and threads computed the results.
      test_data: like `data`, small tables: then `name`_test renders the figure from them
        (figure_test).
      **kwargs: passed to the genrule (visibility, tags, ...).
    """
    render = _render_command(name, script, data, variables, width, height)
    set_stamp = "STAMP='" + (CONFIG_STAMP if stamp else "") + "'; "
    if environment:
        # The library, device class and threads; the CPU or GPU model is in the report.
        set_stamp += "STAMP=\"$$STAMP · $$(awk -F ' · ' 'NR == 1 { print $$1 \" · \" $$2 \" · \" $$3 }' $(location %s))\"; " % environment
    native.genrule(
        name = name,
        srcs = [script] + COMMON_HELPERS + helpers + list(data.values()) +
               ([environment] if environment else []),
        outs = [name + ".png", name + ".pdf"],
        cmd = "export LC_ALL=C.UTF-8; " + set_stamp + render,
        **kwargs
    )
    if test_data:
        figure_test(name + "_test", script, test_data, variables, helpers, width, height)

def _render_command(name, script, data, variables, width, height):
    """The shell command that renders `script` to $(location name.png) and name.pdf (gnuplot, in
    the execution root; $STAMP holds the corner stamp)."""
    for value in variables.values():
        if "'" in value or '"' in value or "$" in value:
            fail("figure(%s): variable values may not contain quotes or '$': %s" % (name, value))
    assignments = ["%s='$(location %s)'; " % (var, label) for var, label in data.items()]
    assignments += ["%s='%s'; " % (var, value) for var, value in variables.items()]
    settings = "width=%s; height=%s; style='$(location //figures:style.gp)'; %s" % (
        width,
        height,
        "".join(assignments),
    )
    # Cairo writes the time of rendering into the PDF: pin it (same length, so the PDF's byte
    # offsets stay valid), so that equal inputs give byte-identical figures.
    pin_date = ("LC_ALL=C sed -i 's|/CreationDate (D:[0-9]\\{14\\}Z)|/CreationDate (D:19700101000000Z)|' " +
                "$(location %s.pdf)" % name)
    return " && ".join([
        "gnuplot -e \"term='%s'; out='$(location %s.%s)'; stamp='$$STAMP'; %s\" $(location %s)" %
        (term, name, term, settings, script)
        for term in ["png", "pdf"]
    ] + [pin_date])

def figure_test(name, script, data, variables = {}, helpers = [], width = 7.0, height = 2.6,
                expect_error = ""):
    """A test that renders `script` as figure() does, from `data` (small tables).

    It passes when the PNG and the PDF are non-empty and gnuplot neither failed nor warned
    (figures/render_test.sh); with `expect_error`, when gnuplot failed with that message instead.
    """
    render = _render_command(name, script, data, variables, width, height)
    outs = [name + ".png", name + ".pdf"]
    native.genrule(
        name = name + "_render",
        testonly = True,
        srcs = [script] + COMMON_HELPERS + helpers + list(data.values()),
        outs = outs + [name + ".log"],
        # The render's stderr and exit status go to the log, for the test to judge.
        cmd = ("export LC_ALL=C.UTF-8; STAMP='test stamp'; ( %s ) 2> $(location %s.log) || " +
               "echo \"gnuplot exit status $$?\" >> $(location %s.log); touch %s") %
              (render, name, name, " ".join(["$(location %s)" % out for out in outs])),
    )
    native.sh_test(
        name = name,
        size = "small",
        srcs = ["//figures:render_test.sh"],
        args = ["$(location %s)" % out for out in outs + [name + ".log"]] + [expect_error],
        data = outs + [name + ".log"],
    )
