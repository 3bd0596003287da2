"""Repository rules that wrap Debian's system packages for an offline build.

Every repository made here first checks that all of the project's Debian packages
are installed, so a missing one stops the build at once with a single message that
names the packages and the `apt-get install` line, instead of a long compiler error.
"""

# Debian package -> a file that package installs. One table for the whole project.
DEBIAN_PACKAGES = {
    "libtorch-dev": "/usr/include/torch/csrc/api/include/torch/torch.h",
    "libeigen3-dev": "/usr/include/eigen3/Eigen/Core",
    "libabsl-dev": "/usr/include/absl/status/statusor.h",
    "libprotobuf-dev": "/usr/include/google/protobuf/message.h",
    "protobuf-compiler": "/usr/bin/protoc",
    "libgtest-dev": "/usr/include/gtest/gtest.h",
    "libgmock-dev": "/usr/include/gmock/gmock.h",
    "libhdf5-dev": "/usr/include/hdf5/serial/hdf5.h",
    "libzip-dev": "/usr/include/zip.h",
    "liblinear-dev": "/usr/include/linear.h",
    "libcmark-gfm-dev": "/usr/include/cmark-gfm.h",
    "libcmark-gfm-extensions-dev": "/usr/include/cmark-gfm-core-extensions.h",
    "libssl-dev": "/usr/include/openssl/evp.h",
    "gnuplot-nox": "/usr/bin/gnuplot",
    "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "libjs-katex": "/usr/share/javascript/katex/katex.js",
    "nodejs": "/usr/bin/node",
}

def check_packages(ctx):
    """Fails, listing the apt-get line, if any of the project's Debian packages is missing."""
    missing = [pkg for pkg, probe in sorted(DEBIAN_PACKAGES.items()) if not ctx.path(probe).exists]
    if missing:
        fail(("\n\nlambdabeta-repro needs Debian packages that are not installed: %s\n" +
              "Install them (or run tools/setup.sh):\n" +
              "  sudo apt-get install -y --no-install-recommends %s\n") %
             (", ".join(missing), " ".join(missing)))

def _torch_build(ctx):
    """BUILD text for LibTorch: Debian's CPU build, or the one at $LIBTORCH_HOME (e.g. CUDA)."""
    home = ctx.os.environ.get("LIBTORCH_HOME", "")
    if not home:
        ctx.symlink("/usr/include/torch/csrc/api/include", "torch_api")
        return """
cc_library(
    name = "torch",
    hdrs = glob(["torch_api/torch/**/*.h"]),
    includes = ["torch_api"],
    # ATen's own switch: its headers include the one operator they need, not ATen/Functions.h
    # (every operator; ARCHITECTURE.md, "Compile cost").
    defines = ["AT_PER_OPERATOR_HEADERS"],
    # --no-as-needed from here on: LibTorch registers its operators in static initialisers (no
    # symbol references to keep it), and dynamically linked tests need the system libraries that
    # only our shared objects reference (GCC here defaults to --as-needed).
    linkopts = ["-Wl,--no-as-needed", "-ltorch", "-ltorch_cpu", "-lc10", "-lpthread"],
)
"""
    for probe in ["include/torch/csrc/api/include/torch/torch.h", "lib/libtorch.so"]:
        if not ctx.path(home + "/" + probe).exists:
            fail("LIBTORCH_HOME=%s is not a LibTorch tree: %s/%s is missing" % (home, home, probe))
    ctx.symlink(home + "/include/torch/csrc/api/include", "torch_api")
    ctx.symlink(home + "/include", "torch_include")
    libs = ["torch", "torch_cpu", "c10"]
    for cuda_lib in ["torch_cuda", "c10_cuda"]:
        if ctx.path("%s/lib/lib%s.so" % (home, cuda_lib)).exists:
            libs.append(cuda_lib)
    return """
cc_library(
    name = "torch",
    hdrs = glob(["torch_api/torch/**/*.h", "torch_include/ATen/**/*.h", "torch_include/c10/**/*.h"]),
    includes = ["torch_api", "torch_include"],
    defines = ["AT_PER_OPERATOR_HEADERS"],
    linkopts = ["-L{home}/lib", "-Wl,-rpath,{home}/lib", "-Wl,--no-as-needed"] +
               [{libs}] + ["-lpthread"],
)
""".format(home = home, libs = ", ".join(['"-l%s"' % l for l in libs]))

def _system_libraries_impl(ctx):
    check_packages(ctx)
    ctx.symlink("/usr/include/eigen3", "eigen3")
    ctx.symlink("/usr/include/hdf5/serial", "hdf5")
    ctx.symlink("/usr/share/javascript/katex", "katex")
    ctx.symlink("/usr/share/fonts/truetype/katex", "katex_fonts")
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.file("BUILD", ctx.read(ctx.attr.build_file) + _torch_build(ctx))

system_libraries = repository_rule(
    implementation = _system_libraries_impl,
    attrs = {"build_file": attr.label(allow_single_file = True)},
    environ = ["LIBTORCH_HOME"],
    local = True,
    doc = "@system: the project's C++ libraries from Debian (LibTorch may come from $LIBTORCH_HOME).",
)

def _system_protobuf_impl(ctx):
    check_packages(ctx)
    ctx.symlink("/usr/bin/protoc", "bin/protoc")
    ctx.symlink("/usr/include/google/protobuf", "include/google/protobuf")
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.file("BUILD", ctx.read(ctx.attr.build_file))

system_protobuf = repository_rule(
    implementation = _system_protobuf_impl,
    attrs = {"build_file": attr.label(allow_single_file = True)},
    local = True,
    doc = "@com_google_protobuf on Debian's protoc and libprotobuf, for native proto rules.",
)
