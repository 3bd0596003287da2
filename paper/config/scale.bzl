"""The scale tiers: which config files a build uses, chosen by --config=paper / --config=authors."""

def scale_settings():
    """Declares the config_settings :paper and :authors; call once, in //paper/config."""
    for tier in ["paper", "authors"]:
        native.config_setting(
            name = tier,
            define_values = {"scale": tier},
            visibility = ["//visibility:public"],
        )

def by_scale(smoke, paper, authors):
    """A select() over the tiers: the value of the tier in force (smoke is the default)."""
    return select({
        "//paper/config:paper": paper,
        "//paper/config:authors": authors,
        "//conditions:default": smoke,
    })

def config_file(study):
    """The config file of `study` ("linear" or "deep") for the tier in force."""
    if study == "linear":
        return "//paper/config:paper.linear.pbtxt"  # full paper scale in every tier
    return by_scale(
        smoke = "//paper/config:smoke.deep.pbtxt",
        paper = "//paper/config:paper.deep.pbtxt",
        authors = "//paper/config:authors.deep.pbtxt",
    )
