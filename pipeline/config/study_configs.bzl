"""@study_configs: the deep-study configs, readable by BUILD macros at loading time.

BUILD files cannot run the protobuf parser, yet the deep study's targets (one training
action per dataset, beta, lambda, seed and chunk) follow from its config. This repository
rule compiles pipeline/config/textproto_to_starlark.cc with the system compiler, runs it on
the tier configs, and writes `@study_configs//:configs.bzl` with CONFIGS[tier] = the config
as nested dicts (scalars as strings). Bazel re-runs it when a config file or the converter
changes; a config that does not parse fails here with its file, line and field.
"""

load("//third_party/system:debian.bzl", "check_packages")

def _study_configs_impl(ctx):
    check_packages(ctx)
    converter = ctx.path(ctx.attr._converter)
    proto = ctx.path(ctx.attr._proto)
    workspace = proto.dirname.dirname.dirname
    compiler = ctx.which("g++") or fail("g++ is missing: sudo apt-get install -y build-essential")

    steps = [
        [compiler, "-std=c++17", "-O1", "-o", "textproto_to_starlark", str(converter), "-lprotobuf", "-lpthread"],
        ["/usr/bin/protoc", "--proto_path=%s" % workspace, "--include_imports",
         "--descriptor_set_out=deep_study.descriptors", "common/proto/deep_study.proto"],
        ["./textproto_to_starlark", "deep_study.descriptors", "lambdabeta.DeepStudyConfig"] +
        ["%s=%s" % (tier, ctx.path(label)) for label, tier in ctx.attr.configs.items()],
    ]
    for command in steps:
        result = ctx.execute(command)
        if result.return_code != 0:
            fail("\n\n@study_configs: %s failed:\n%s%s" % (command[0], result.stdout, result.stderr))
    ctx.file("configs.bzl", result.stdout)
    ctx.file("BUILD", 'exports_files(["configs.bzl"])\n')
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)

study_configs = repository_rule(
    implementation = _study_configs_impl,
    attrs = {
        "configs": attr.label_keyed_string_dict(allow_files = [".pbtxt"], doc = "config file -> tier"),
        "_converter": attr.label(default = "//pipeline/config:textproto_to_starlark.cc"),
        "_proto": attr.label(default = "//common/proto:deep_study.proto"),
    },
)
