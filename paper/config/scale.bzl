"""The scale tiers, one row each: which config files a build uses, chosen by --config=<tier>.

Adding a tier: a row in TIERS, its `<tier>.deep.pbtxt` here, and `build:<tier>
--define=scale=<tier>` in .bazelrc. Everything else (the study's targets, the aliases the
figures read, the stamps, @study_configs) follows from this table.
"""

DEFAULT_TIER = "smoke"

# tier -> the corner stamp of its figures (short: the deep figures add the environment to it).
TIERS = {
    "smoke": "smoke tier",
    "cpu": "cpu tier",
    "paper": "paper tier",
    "authors": "authors tier",
}

def scale_settings():
    """Declares one config_setting per tier but the default; call once, in //paper/config."""
    for tier in TIERS:
        if tier != DEFAULT_TIER:
            native.config_setting(
                name = tier,
                define_values = {"scale": tier},
                visibility = ["//visibility:public"],
            )

def by_scale(pattern):
    """A select() over the tiers of `pattern` with "{tier}" replaced by the tier in force."""
    return select({
        ("//conditions:default" if tier == DEFAULT_TIER else "//paper/config:" + tier): pattern.format(tier = tier)
        for tier in TIERS
    })

def config_file(study):
    """The config file of `study` ("linear" or "deep") for the tier in force."""
    if study == "linear":
        return "//paper/config:paper.linear.pbtxt"  # full paper scale in every tier
    return by_scale("//paper/config:{tier}.deep.pbtxt")
