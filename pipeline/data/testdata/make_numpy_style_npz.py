"""Writes the .npz fixtures of npz_test with Python's own zipfile module, the way NumPy's
savez (stored, zip64 forced, as for MPI3D-real's 12.7 GB member) and savez_compressed (deflated,
as dSprites) write them: a zip implementation independent of libzip. NumPy is not needed.
A third archive is stored with zipfile's zip64 threshold lowered to 100 bytes, so that its
central directory holds what a >4 GiB archive holds: sizes and offsets in zip64 extra fields,
and zip64 end records.

  python3 pipeline/data/testdata/make_numpy_style_npz.py pipeline/data/testdata
"""
import struct
import sys
import zipfile


def npy(descr, shape, data):
    """A version 1.0 .npy file, as numpy.lib.format.write_array writes it."""
    shape_text = "(%s)" % (", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else ""))
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    # NumPy >= 1.23 leaves room to grow the first axis, then pads to 64 bytes with a newline.
    header += " " * (21 - len(str(shape[0])))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + data


def write(path, compression):
    images = bytes((i * 7 + 3) % 256 for i in range(4 * 8 * 8 * 3))
    values = struct.pack("<6d", 0.0, 0.5, -2.25, 1e300, -0.0, 3.0)
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, descr, shape, data in [("images", "|u1", (4, 8, 8, 3), images),
                                         ("values", "<f8", (3, 2), values)]:
            # numpy.savez: zipf.open(name + '.npy', 'w', force_zip64=True)
            with archive.open(name + ".npy", "w", force_zip64=True) as member:
                member.write(npy(descr, shape, data))


if __name__ == "__main__":
    out = sys.argv[1]
    write(out + "/numpy_style_stored.npz", zipfile.ZIP_STORED)
    write(out + "/numpy_style_deflated.npz", zipfile.ZIP_DEFLATED)
    zipfile.ZIP64_LIMIT = 100
    write(out + "/zip64_directory_stored.npz", zipfile.ZIP_STORED)
