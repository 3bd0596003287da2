"""Downloads of the paper's three datasets, each an external repository with one target,
@<name>//:file. They are fetched only when a target that is built needs them, and only targets
selected under --config=paper or --config=authors depend on them (see DATASET_FILES in registry.bzl). Those
configs set --repo_env=LAMBDABETA_DOWNLOAD_DATASETS=1 and allow downloads (.bazelrc); without
them a fetch fails at once with a message saying so, and never touches the network.

Every file is checked:
  - Shapes3D against its published SHA-256 (pinned in registry.bzl);
  - dSprites against its published MD5 (the only digest its authors give) and against the
    SHA-256 recorded in pipeline/data/digests/dsprites.sha256;
  - MPI3D-real (no published digest) against pipeline/data/digests/mpi3d_real.sha256.
A digest file that does not exist yet is written by the first download, with a message asking
to commit it; every later download must match it. A dataset's URLs are mirrors, tried in order:
the first whose file has every expected digest is used, and if none has, the build stops with a
message naming the dataset, each URL with what went wrong there, and the digests expected.

Copies already on disk: with --repo_env=LAMBDABETA_DATASETS_DIR=<folder>, a file of that name in
the folder (e.g. <folder>/3dshapes.h5) is checked against the same digests and linked into the
repository instead of downloaded; no network and no download switch are needed for it. A file
missing from the folder is downloaded as usual (when downloads are on).
"""

load(":registry.bzl", "DATASETS")

_DOWNLOAD_SWITCH = "LAMBDABETA_DOWNLOAD_DATASETS"
_LOCAL_DIR = "LAMBDABETA_DATASETS_DIR"

# Seconds allowed for hashing a local copy (MPI3D-real is 12.7 GB).
_HASH_TIMEOUT = 3600

_HEX = "0123456789abcdef"

def _is_sha256(text):
    if len(text) != 64:
        return False
    for c in text.elems():
        if c not in _HEX:
            return False
    return True

def _digest_file(ctx):
    """The source tree's pipeline/data/digests/<name>.sha256 (a path, so Bazel does not watch it)."""
    return ctx.path(Label("//pipeline/data:datasets.bzl")).dirname.get_child("digests").get_child(ctx.name + ".sha256")

def _recorded_sha256(ctx, digest_file):
    if not digest_file.exists:
        return ""
    words = ctx.read(digest_file).strip().split(" ")
    if not _is_sha256(words[0]):
        fail("%s: expected '<64 hex digits>  <file name>', found %r" % (digest_file, ctx.read(digest_file)))
    return words[0]

def _file_digest(ctx, tool, path):
    """The hex digest `tool` (md5sum, sha256sum) prints for `path`."""
    result = ctx.execute([tool, str(path)], timeout = _HASH_TIMEOUT)
    if result.return_code != 0:
        fail("@%s: %s %s failed: %s" % (ctx.name, tool, path, result.stderr))
    return result.stdout.strip().split(" ")[0]

def _md5_mismatch(ctx, path):
    """How `path` differs from the publishers' MD5: "" if it matches or the rule has none."""
    if not ctx.attr.md5:
        return ""
    found = _file_digest(ctx, "md5sum", path)
    if found == ctx.attr.md5:
        return ""
    return "has MD5 %s, but its publishers give %s" % (found, ctx.attr.md5)

def _sha256_source(ctx, digest_file):
    """Where the SHA-256 a file must have comes from, for messages."""
    return "registry.bzl" if ctx.attr.sha256 else str(digest_file)

def _expected_digests(ctx, expected, digest_file):
    """Every digest a download must match, in words, for messages."""
    wanted = []
    if expected:
        wanted.append("SHA-256 %s (from %s)" % (expected, _sha256_source(ctx, digest_file)))
    if ctx.attr.md5:
        wanted.append("MD5 %s (its publishers')" % ctx.attr.md5)
    if not wanted:
        return "no digest yet (the first download's SHA-256 is recorded in %s)" % digest_file
    return " and ".join(wanted)

def _record_sha256(ctx, digest_file, sha256, origin):
    """Writes the digest file of a dataset seen for the first time."""
    record = ctx.execute([
        "sh",
        "-c",
        'mkdir -p "$(dirname "$1")" && printf "%s  %s\\n" "$2" "$3" > "$1"',
        "record",
        str(digest_file),
        sha256,
        ctx.attr.filename,
    ])
    if record.return_code != 0:
        fail("@%s: cannot write %s: %s" % (ctx.name, digest_file, record.stderr))

    # buildifier: disable=print
    print(("\n@%s: first %s of %s; its SHA-256 is %s.\nRecorded in %s: commit that " +
           "file, so that every later download or local copy (yours or anyone's) is checked " +
           "against it.") % (ctx.name, origin, ctx.attr.filename, sha256, digest_file))

def _local_copy(ctx):
    """The dataset's file in LAMBDABETA_DATASETS_DIR, or None if that is unset or lacks it."""
    folder = ctx.os.environ.get(_LOCAL_DIR, "")
    if not folder:
        return None
    path = ctx.path(folder).get_child(ctx.attr.filename)
    return path if path.exists else None

def _dataset_file_impl(ctx):
    name = ctx.name
    filename = ctx.attr.filename
    digest_file = _digest_file(ctx)
    recorded = _recorded_sha256(ctx, digest_file)
    if ctx.attr.sha256 and recorded and recorded != ctx.attr.sha256:
        fail("@%s: the SHA-256 pinned in registry.bzl (%s) and the one in %s (%s) differ" %
             (name, ctx.attr.sha256, digest_file, recorded))
    expected = ctx.attr.sha256 or recorded
    local = _local_copy(ctx)
    if local:
        _use_local_copy(ctx, local, expected, digest_file)
        return
    if ctx.os.environ.get(_DOWNLOAD_SWITCH) != "1":
        folder = ctx.os.environ.get(_LOCAL_DIR, "")
        fail(("\n\n@%s (%s) is downloaded only with --config=paper or --config=authors, and " +
              "this command has neither%s.\n`bazel query 'deps(...)'` follows every select() " +
              "branch, the paper tier's too: use `bazel cquery`, which follows only the " +
              "configured one.\n") % (name, filename, (
            " (and %s=%s holds no %s)" % (_LOCAL_DIR, folder, filename) if folder else "")))

    sha256 = _download(ctx, expected, digest_file)
    if not expected:
        _record_sha256(ctx, digest_file, sha256, "download")
    _write_build_files(ctx)

def _download(ctx, expected, digest_file):
    """Downloads the file from the first of its URLs whose file has every expected digest, and
    returns its SHA-256. Fails, naming each URL and what went wrong there, if none has."""
    filename = ctx.attr.filename
    tried = []
    for url in ctx.attr.urls:
        # Bazel checks the SHA-256 itself (and then keeps the file in its repository cache).
        result = ctx.download(url = url, output = filename, sha256 = expected, allow_fail = True)
        if not result.success:
            tried.append("  %s\n      %s" % (url, _download_failure(url, expected)))
            continue
        mismatch = _md5_mismatch(ctx, ctx.path(filename))
        if mismatch:
            ctx.delete(filename)
            tried.append(("  %s\n      downloaded, but the file %s: a different, corrupt or " +
                          "truncated file") % (url, mismatch))
            continue
        return result.sha256
    ctx.delete(filename)  # what a truncated transfer may have left
    fail(("\n\nCould not download @%s (%s): no URL gave the expected file.\n" +
          "Expected: %s\nTried, in order:\n%s\n" +
          "A network problem? A copy you already have can be used with --repo_env=%s=<folder " +
          "holding %s>.\nA different file? Do not just update the digest: find out which file " +
          "is right first.\n") % (ctx.name, filename, _expected_digests(ctx, expected, digest_file),
                                  "\n".join(tried), _LOCAL_DIR, filename))

def _download_failure(url, expected):
    """Why ctx.download(url, sha256 = expected, allow_fail = True) may have failed, in words."""
    if not expected and url.startswith("http://"):
        # Bazel says nothing in this case: it drops the URL before any request.
        return ("failed: Bazel refuses a plain-http URL without a SHA-256 to check it with " +
                "(use https, or pin the digest)")
    return ("failed: Bazel's warning 'Download from %s failed' above says why (e.g. 'GET " +
            "returned 404 Not Found'%s)") % (url, (
        ", or 'Checksum was X but wanted %s': a different, corrupt or truncated file" % expected
    ) if expected else "")

def _use_local_copy(ctx, local, expected, digest_file):
    """Checks a copy from LAMBDABETA_DATASETS_DIR with the download's digests and links it."""
    mismatch = _md5_mismatch(ctx, local)
    if mismatch:
        fail("@%s: %s %s: a corrupt or different file" % (ctx.name, local, mismatch))
    sha256 = _file_digest(ctx, "sha256sum", local)
    if expected and sha256 != expected:
        fail(("@%s: %s has SHA-256 %s, but %s expects %s: a corrupt or different file (from " +
              "%s)") % (ctx.name, local, sha256, _sha256_source(ctx, digest_file), expected,
                        _LOCAL_DIR))
    if not expected:
        _record_sha256(ctx, digest_file, sha256, "local copy")

    # A link, not a copy: MPI3D-real is 12.7 GB. Bazel hashes it again as an action input.
    ctx.symlink(local, ctx.attr.filename)
    _write_build_files(ctx)

def _write_build_files(ctx):
    name = ctx.name
    filename = ctx.attr.filename
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % name)
    ctx.file("BUILD", """# Downloaded by //pipeline/data:datasets.bzl.
package(default_visibility = ["//visibility:public"])

exports_files(["{filename}"])

filegroup(
    name = "file",
    srcs = ["{filename}"],
)
""".format(filename = filename))

dataset_file = repository_rule(
    implementation = _dataset_file_impl,
    attrs = {
        "urls": attr.string_list(
            mandatory = True,
            doc = "Mirrors of one file, tried in order until one gives a file with every digest.",
        ),
        "filename": attr.string(mandatory = True),
        "sha256": attr.string(doc = "Published SHA-256 (registry.bzl); if empty, pipeline/data/digests/<name>.sha256 pins it."),
        "md5": attr.string(doc = "Published MD5, checked after the download."),
    },
    environ = [_DOWNLOAD_SWITCH, _LOCAL_DIR],
    doc = "One dataset file, downloaded (or taken from LAMBDABETA_DATASETS_DIR) and checked; " +
          "@<name>//:file.",
)

def paper_datasets():
    """Declares a repository for each dataset of registry.bzl with a download (@dsprites,
    @shapes3d, @mpi3d_real); call once from WORKSPACE."""
    for kind, entry in DATASETS.items():
        if "urls" in entry:
            dataset_file(
                name = kind.lower(),
                urls = entry["urls"],
                filename = entry["file"],
                md5 = entry.get("md5", ""),
                sha256 = entry.get("sha256", ""),
            )
