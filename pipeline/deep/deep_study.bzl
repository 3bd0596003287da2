"""deep_study(): the deep study of Section 5.2 as Bazel actions, laid out from a tier's config.

For each dataset, beta and seed of the config (read at loading time from @study_configs):

  phase 1 (beta-VAE):    init -> chunk 0 -> chunk 1 -> ...      (beta_vae_steps)
  phase 2, each lambda:  phase 1's final checkpoint -> chunk 0 -> ...  (lambda_beta_vae_steps)
  evaluation:            phase 2's final checkpoint -> result.pbtxt (+ reconstructions)

and one aggregation over every result of the tier -> the tables behind Figures 4-8 and
Table 2. Every chunk is its own action of at most `chunk_steps` steps, chained by
checkpoints, so Bazel caches each, reruns only what a change touches, and a remote executor
never sees an action of more than a chunk. Tiers other than the default are tagged `manual`:
`bazel build //...` never trains them (nor fetches their datasets); `--config=paper` reaches
them through the figures' selects.
"""

load("@study_configs//:configs.bzl", "CONFIGS")
load("//pipeline/data:datasets.bzl", "DATASET_FILES")

TRAIN = "//pipeline:train_conv_vae"
EVALUATE = "//pipeline:evaluate"
AGGREGATE = "//pipeline:aggregate"

# The aggregation's outputs (see pipeline/aggregate), one alias each in pipeline/deep/BUILD.
TABLES = [
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
]

# Periodic checkpoints inside a chunk go here, outside the sandbox, so that an interrupted
# action restarted by Bazel resumes instead of starting over (pipeline/train/train.h).
RESUME_DIR = "/tmp/lambdabeta-resume"

def _token(value):
    """A grid value as a target-name token: "0.5" -> "0p5", "1e-05" -> "1em05"."""
    return value.replace(".", "p").replace("-", "m").replace("+", "")

def _num_chunks(steps, chunk_steps):
    return (steps + chunk_steps - 1) // chunk_steps

def _device_flag():
    return select({
        "//pipeline/deep:cuda": "--device=cuda",
        "//conditions:default": "--device=auto",
    })

def _train_chain(name, tier, dataset, phase, beta, lam, seed, steps, chunk_steps, first_input, common):
    """Chunk actions of one phase of one model; returns the label of the final checkpoint."""
    previous = first_input
    for chunk in range(_num_chunks(steps, chunk_steps)):
        stem = "%s_chunk%d" % (name, chunk)
        srcs = [common["config"], common["data"]]
        input_flag = ""
        if previous:
            srcs.append(previous)
            input_flag = " --input=$(location %s)" % previous
        native.genrule(
            name = stem,
            srcs = srcs,
            outs = [stem + ".ckpt", stem + ".log.tsv"],
            cmd = ("$(location %s) --config=$(location %s) --dataset=%s --data=$(location %s) " +
                   "--phase=%d --beta=%s --lambda=%s --seed=%d --chunk=%d%s " +
                   "--output=$(location %s.ckpt) --log=$(location %s.log.tsv) " +
                   "--resume_dir=%s --threads=1 ") % (
                TRAIN,
                common["config"],
                dataset,
                common["data"],
                phase,
                beta,
                lam,
                seed,
                chunk,
                input_flag,
                stem,
                stem,
                RESUME_DIR,
            ) + _device_flag(),
            tools = [TRAIN],
            message = "Training %s %s phase %d beta=%s lambda=%s seed=%d chunk %d" % (
                tier,
                dataset,
                phase,
                beta,
                lam,
                seed,
                chunk,
            ),
            **common["action_attrs"]
        )
        previous = ":%s.ckpt" % stem
    return previous

def deep_study(tier):
    """Declares the training, evaluation and aggregation targets of `tier` ("smoke", ...)."""
    config = CONFIGS[tier]
    training = config["training"]
    steps1 = int(training["beta_vae_steps"])
    steps2 = int(training["lambda_beta_vae_steps"])
    chunk_steps = int(training["chunk_steps"])
    if steps2 <= 0:
        fail("%s.deep.pbtxt: training.lambda_beta_vae_steps must be positive for the deep study" % tier)

    # Off the default tier: never built by `//...`, and a GPU pool for remote execution.
    action_attrs = {"tags": []} if tier == "smoke" else {
        "tags": ["manual", "gpu"],
        "exec_properties": {"Pool": "gpu"},
    }
    config_label = "//paper/config:%s.deep.pbtxt" % tier
    settings = [(s["beta"], s["lambda"]) for s in config["reconstruction_settings"]]

    results = []
    reconstructions = []  # seed 0 at the reconstruction settings, datasets x settings
    for dataset in config["datasets"]:
        common = {
            "config": config_label,
            "data": DATASET_FILES[dataset],
            "action_attrs": action_attrs,
        }
        for beta in config["beta"]:
            for seed in range(int(training["seeds"])):
                model = "%s/%s/beta%s_seed%d" % (tier, dataset.lower(), _token(beta), seed)
                phase1 = _train_chain(model + "_phase1", tier, dataset, 1, beta, "0", seed, steps1,
                                      chunk_steps, None, common)
                for lam in config["lambda"]:
                    run = "%s_lambda%s" % (model, _token(lam))
                    final = _train_chain(run + "_phase2", tier, dataset, 2, beta, lam, seed, steps2,
                                         chunk_steps, phase1, common)
                    native.genrule(
                        name = run + "_eval",
                        srcs = [config_label, common["data"], final],
                        outs = [run + "_result.pbtxt", run + "_reconstructions.dat"],
                        cmd = ("$(location %s) --config=$(location %s) --dataset=%s " +
                               "--data=$(location %s) --checkpoint=$(location %s) --beta=%s " +
                               "--lambda=%s --seed=%d --out=$(location %s_result.pbtxt) " +
                               "--reconstructions=$(location %s_reconstructions.dat) --threads=1 ") % (
                            EVALUATE,
                            config_label,
                            dataset,
                            common["data"],
                            final,
                            beta,
                            lam,
                            seed,
                            run,
                            run,
                        ) + _device_flag(),
                        tools = [EVALUATE],
                        message = "Evaluating %s %s beta=%s lambda=%s seed=%d" % (tier, dataset, beta, lam, seed),
                        **action_attrs
                    )
                    results.append(":%s_result.pbtxt" % run)
        for beta, lam in settings:
            reconstructions.append(":%s/%s/beta%s_seed0_lambda%s_reconstructions.dat" % (
                tier,
                dataset.lower(),
                _token(beta),
                _token(lam),
            ))

    # Every result and Figure 7 file of the tier, for the claim ledger (//paper:claims).
    native.filegroup(
        name = tier + "_results",
        srcs = results + reconstructions,
        tags = action_attrs["tags"],
    )

    native.genrule(
        name = tier + "_tables",
        srcs = [config_label] + results + reconstructions,
        outs = ["%s/%s" % (tier, table) for table in TABLES],
        cmd = ("$(location %s) --config=$(location %s) --out_dir=$(RULEDIR)/%s " +
               "--reconstructions=%s %s") % (
            AGGREGATE,
            config_label,
            tier,
            ",".join(["$(location %s)" % r for r in reconstructions]),
            " ".join(["$(location %s)" % r for r in results]),
        ),
        tools = [AGGREGATE],
        message = "Aggregating the %s deep study (%d models)" % (tier, len(results)),
        tags = action_attrs["tags"],
    )
