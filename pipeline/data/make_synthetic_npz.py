"""Writes a full-size synthetic dataset file, stored (uncompressed) the way NumPy's savez writes
it (Python's zipfile, zip64 forced), to measure the loader on a file of the real size with
inspect_dataset. Random pixels; factors in C order. NumPy is not needed.

  python3 pipeline/data/make_synthetic_npz.py dsprites /tmp/dsprites_stored.npz   # 3.0 GB
  python3 pipeline/data/make_synthetic_npz.py mpi3d /tmp/mpi3d_real.npz           # 12.7 GB
"""
import itertools
import os
import struct
import sys
import zipfile

CHUNK = 64 << 20


def npy_header(descr, shape):
    """A version 1.0 .npy header, as numpy.lib.format.write_array writes it."""
    shape_text = "(%s)" % (", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else ""))
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1")


def write_member(archive, name, descr, shape, chunks):
    with archive.open(name + ".npy", "w", force_zip64=True) as member:
        member.write(npy_header(descr, shape))
        for chunk in chunks:
            member.write(chunk)


def random_bytes(total, table=None):
    while total > 0:
        chunk = os.urandom(min(CHUNK, total))
        yield chunk.translate(table) if table else chunk
        total -= len(chunk)


def main(kind, path):
    if kind == "dsprites":
        sizes = [1, 3, 6, 40, 32, 32]
        n = 737280
        binary = bytes(b & 1 for b in range(256))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            write_member(archive, "imgs", "|u1", (n, 64, 64), random_bytes(n * 4096, binary))
            rows = list(itertools.product(*[range(s) for s in sizes]))
            write_member(archive, "latents_classes", "<i8", (n, 6),
                         [b"".join(struct.pack("<6q", *row) for row in rows)])
            write_member(archive, "latents_values", "<f8", (n, 6),
                         [b"".join(struct.pack("<6d", *row) for row in rows)])
    elif kind == "mpi3d":
        n = 1036800
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            write_member(archive, "images", "|u1", (n, 64, 64, 3), random_bytes(n * 64 * 64 * 3))
    else:
        sys.exit("kind: dsprites or mpi3d")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
