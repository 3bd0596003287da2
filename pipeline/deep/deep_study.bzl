"""deep_study(): the deep study of Section 5.2 as Bazel actions, laid out from a tier's config.

For each dataset, beta and seed of the config (read at loading time from @study_configs):

  slices:                the config -> one slice per training chunk and one for evaluation
                         (pipeline/config/slices.h): an action reads only its slice
  phase 1 (beta-VAE):    init -> chunk 0 -> chunk 1 -> ...      (beta_vae_steps)
  phase 2, each lambda:  phase 1's final checkpoint -> chunk 0 -> ...  (lambda_beta_vae_steps)
  evaluation:            phase 2's final checkpoint -> result.pbtxt (+ reconstructions);
                         for the learning-curve betas, every chunk's checkpoint as well

and one aggregation over every result of the tier -> the tables behind Figures 4-8 and
Table 2. Every chunk is its own action of at most `chunk_steps` steps, chained by
checkpoints, so Bazel caches each, reruns only what a change touches, and a remote executor
never sees an action of more than a chunk. Tiers other than the default are tagged `manual`:
`bazel build //...` never trains them (nor fetches their datasets); `--config=paper` reaches
them through the figures' selects.
"""

load("@study_configs//:configs.bzl", "CONFIGS")
load("//pipeline/aggregate:outputs.bzl", "AGGREGATE_OUTPUTS")
load("//pipeline/data:registry.bzl", "DATASET_FILES")
load("//paper/config:scale.bzl", "DEFAULT_TIER")

TRAIN = "//pipeline/train:train_conv_vae"
EVALUATE = "//pipeline/evaluate:evaluate_model"
AGGREGATE = "//pipeline/aggregate:aggregate_results"
SLICE = "//pipeline/config:slice"
LEARNING_CURVES = "//pipeline/aggregate:learning_curves"


# Periodic checkpoints inside a chunk go here, outside the sandbox, so that an interrupted
# action restarted by Bazel resumes instead of starting over (pipeline/train/train.h).
RESUME_DIR = "/tmp/lambdabeta-resume"

def _token(value):
    """A grid value as a target-name token: "0.5" -> "0p5", "1e-05" -> "1em05"."""
    return value.replace(".", "p").replace("-", "m").replace("+", "")

def _num_chunks(steps, chunk_steps):
    return (steps + chunk_steps - 1) // chunk_steps

def _device_flag():
    """The device class: on the command line, so it is part of every action's cache key."""
    return select({
        "//pipeline/deep:cuda": "--device=cuda",
        "//conditions:default": "--device=cpu",
    })

def _slice(name, config, args, action_attrs):
    """One per-action slice of the config (pipeline/config/slices.h); returns its label."""
    native.genrule(
        name = name,
        srcs = [config],
        outs = [name + ".pbtxt"],
        cmd = "$(location %s) --config=$(location %s) %s --out=$@" % (SLICE, config, args),
        tools = [SLICE],
        tags = action_attrs["tags"],
    )
    return ":%s.pbtxt" % name

def _train_chain(name, tier, dataset, phase, beta, lam, seed, slices, first_input, common):
    """Chunk actions of one phase of one model; returns the labels of the chunks' checkpoints."""
    checkpoints = []
    previous = first_input
    for chunk, slice in enumerate(slices):
        stem = "%s_chunk%d" % (name, chunk)
        srcs = [slice, common["data"]]
        input_flag = ""
        if previous:
            srcs.append(previous)
            input_flag = " --input=$(location %s)" % previous
        native.genrule(
            name = stem,
            srcs = srcs,
            outs = [stem + ".ckpt", stem + ".log.tsv"],
            cmd = ("$(location %s) --slice=$(location %s) --dataset=%s --data=$(location %s) " +
                   "--beta=%s --lambda=%s --seed=%d%s " +
                   "--output=$(location %s.ckpt) --log=$(location %s.log.tsv) " +
                   "--resume_dir=%s --threads=1 ") % (
                TRAIN,
                slice,
                dataset,
                common["data"],
                beta,
                lam,
                seed,
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
        checkpoints.append(previous)
    return checkpoints

def _evaluate(name, tier, dataset, beta, lam, seed, checkpoint, common):
    """Scores one model of `checkpoint`; returns the label of its result."""
    native.genrule(
        name = name + "_eval",
        srcs = [common["evaluation_slice"], common["data"], checkpoint],
        outs = [name + "_result.pbtxt", name + "_reconstructions.dat"],
        cmd = ("$(location %s) --slice=$(location %s) --dataset=%s " +
               "--data=$(location %s) --checkpoint=$(location %s) --beta=%s " +
               "--lambda=%s --seed=%d --out=$(location %s_result.pbtxt) " +
               "--reconstructions=$(location %s_reconstructions.dat) --threads=1 ") % (
            EVALUATE,
            common["evaluation_slice"],
            dataset,
            common["data"],
            checkpoint,
            beta,
            lam,
            seed,
            name,
            name,
        ) + _device_flag(),
        tools = [EVALUATE],
        message = "Evaluating %s %s beta=%s lambda=%s seed=%d (%s)" % (tier, dataset, beta, lam, seed, name.split("/")[-1]),
        **common["action_attrs"]
    )
    return ":%s_result.pbtxt" % name

def deep_study(tier):
    """Declares the training, evaluation and aggregation targets of `tier` ("smoke", ...)."""
    config = CONFIGS[tier]
    training = config["training"]
    steps = {1: int(training["beta_vae_steps"]), 2: int(training["lambda_beta_vae_steps"])}
    chunk_steps = int(training["chunk_steps"])
    if steps[2] <= 0:
        fail("%s.deep.pbtxt: training.lambda_beta_vae_steps must be positive for the deep study" % tier)

    # Off the default tier: never built by `//...`, and a GPU pool for remote execution.
    action_attrs = {"tags": []} if tier == DEFAULT_TIER else {
        "tags": ["manual", "gpu"],
        "exec_properties": {"Pool": "gpu"},
    }
    config_label = "//paper/config:%s.deep.pbtxt" % tier
    settings = [(s["beta"], s["lambda"]) for s in config["reconstruction_settings"]]
    curve_betas = config.get("learning_curve_beta", [])

    # The slices: what each training and evaluation action reads of the config.
    slices = {
        phase: [
            _slice("%s/slices/phase%d_chunk%d" % (tier, phase, chunk), config_label,
                   "--training --phase=%d --chunk=%d" % (phase, chunk), action_attrs)
            for chunk in range(_num_chunks(steps[phase], chunk_steps))
        ]
        for phase in [1, 2]
    }
    evaluation_slice = _slice("%s/slices/evaluation" % tier, config_label, "--evaluation", action_attrs)

    results = []
    curve_results = []  # every chunk's checkpoint of the learning-curve betas
    reconstructions = []  # seed 0 at the reconstruction settings, datasets x settings
    for dataset in config["datasets"]:
        common = {
            "data": DATASET_FILES[dataset],
            "evaluation_slice": evaluation_slice,
            "action_attrs": action_attrs,
        }
        for beta in config["beta"]:
            curves = beta in curve_betas
            for seed in range(int(training["seeds"])):
                model = "%s/%s/beta%s_seed%d" % (tier, dataset.lower(), _token(beta), seed)
                phase1 = _train_chain(model + "_phase1", tier, dataset, 1, beta, "0", seed,
                                      slices[1], None, common)
                if curves:
                    for chunk, checkpoint in enumerate(phase1):
                        curve_results.append(_evaluate("%s_phase1_chunk%d" % (model, chunk), tier,
                                                       dataset, beta, "0", seed, checkpoint, common))
                for lam in config["lambda"]:
                    run = "%s_lambda%s" % (model, _token(lam))
                    phase2 = _train_chain(run + "_phase2", tier, dataset, 2, beta, lam, seed,
                                          slices[2], phase1[-1], common)
                    if curves:
                        for chunk, checkpoint in enumerate(phase2[:-1]):
                            curve_results.append(_evaluate("%s_phase2_chunk%d" % (run, chunk), tier,
                                                           dataset, beta, lam, seed, checkpoint, common))
                    results.append(_evaluate(run, tier, dataset, beta, lam, seed, phase2[-1], common))
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

    # Every evaluation's outputs, the final ones and the learning-curve points: what the tier's
    # folder bazel-bin/pipeline/deep/<tier> holds (//paper:judge_folders_test judges it).
    native.filegroup(
        name = tier + "_evaluations",
        srcs = [
            r[:-len("_result.pbtxt")] + suffix
            for r in results + curve_results
            for suffix in ["_result.pbtxt", "_reconstructions.dat"]
        ],
        tags = action_attrs["tags"],
    )

    # Learning curves: the chunk evaluations plus the final ones of the same betas.
    curve_results += [r for r in results if any(["/beta%s_seed" % _token(b) in r for b in curve_betas])]
    native.genrule(
        name = tier + "_learning_curves",
        srcs = curve_results,
        outs = [tier + "/learning_curves.tsv"],
        cmd = "$(location %s) --phase1_steps=%d --out=$@ %s" % (
            LEARNING_CURVES,
            steps[1],
            " ".join(["$(location %s)" % r for r in curve_results]),
        ),
        tools = [LEARNING_CURVES],
        message = "Learning curves of the %s deep study (%d evaluations)" % (tier, len(curve_results)),
        tags = action_attrs["tags"],
    )

    native.genrule(
        name = tier + "_tables",
        srcs = [config_label] + results + reconstructions,
        outs = ["%s/%s" % (tier, table) for table in AGGREGATE_OUTPUTS],
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
