// NumPy .npz archives (a zip of .npy members, stored or deflated) through libzip.
//
// Reading parses a member's .npy header first, checks it against what the caller expects, and
// only then streams the data straight into the caller's vector: no intermediate copy. libzip
// checks each member's CRC-32 when its end is reached. A uint8 array in a stored (uncompressed)
// member can instead be mapped in place (MapArray): the 12.7 GB of MPI3D-real are then read
// from disk only where they are touched, and shared by every process that maps them.
#ifndef LAMBDABETA_PIPELINE_DATA_NPZ_H_
#define LAMBDABETA_PIPELINE_DATA_NPZ_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pipeline/data/array_spec.h"
#include "pipeline/data/npy.h"

struct zip;  // libzip's zip_t

namespace lambdabeta::data {

class NpzReader {
 public:
  // Errors: NotFound (no such file), DataLoss (not a zip archive, or an inconsistent one).
  static absl::StatusOr<std::unique_ptr<NpzReader>> Open(const std::string& path);
  ~NpzReader();
  NpzReader(const NpzReader&) = delete;
  NpzReader& operator=(const NpzReader&) = delete;

  const std::string& path() const { return path_; }

  // The arrays in the archive: member "imgs.npy" is array "imgs".
  std::vector<std::string> ArrayNames() const;

  // Reads only the header of array `name` (inflating only its first bytes).
  absl::StatusOr<NpyHeader> ReadHeader(const std::string& name) const;

  // Reads array `name` into `out`, resized to fit, after checking its header against `spec`.
  // Returns the array's shape. With `show_progress`, big arrays report progress on stderr.
  // Errors name the file and the array: NotFound (no such array), InvalidArgument (type,
  // shape or order not as expected), DataLoss (truncated or corrupt member, CRC mismatch).
  template <typename T>
  absl::StatusOr<std::vector<int64_t>> ReadArray(const std::string& name, const ArraySpec& spec,
                                                 std::vector<T>* out,
                                                 bool show_progress = false) const {
    return ReadArrayInto(name, spec, sizeof(T), show_progress, ResizeInto(out));
  }

  // Maps the data of uint8 array `name` in place, after the same header checks as ReadArray,
  // if its member is stored; std::nullopt if it is compressed (read it with ReadArray).
  // Mapping skips the CRC-32 check (it would read every byte): instead the member's sizes, its
  // local header and the .npy header are checked against the zip directory, and the data's
  // first bytes, read through libzip, must equal the map's. With `verify_checksum` the whole
  // member is also streamed through libzip once, so that its CRC-32 is checked.
  // `access` says how the map will be read (see MappedRegion::Access).
  // Errors as ReadArray's; DataLoss also if the file is shorter than the member's data.
  absl::StatusOr<std::optional<MappedArray>> MapArray(const std::string& name,
                                                      const ArraySpec& spec,
                                                      MappedRegion::Access access,
                                                      bool verify_checksum,
                                                      bool show_progress = false) const;

 private:
  NpzReader(std::string path, zip* archive) : path_(std::move(path)), archive_(archive) {}

  absl::StatusOr<std::vector<int64_t>> ReadArrayInto(const std::string& name, const ArraySpec& spec,
                                                     size_t element_size, bool show_progress,
                                                     const ElementAllocator& allocate) const;

  std::string path_;
  zip* archive_;
};

enum class ZipCompression { kStore, kDeflate };

// Builds an .npz in memory and writes it atomically. Used by the built-in sprites tool and by
// tests, which also add raw (deliberately broken) members.
class NpzWriter {
 public:
  // Adds array `name` (member "<name>.npy"); `data` holds the elements in C order.
  absl::Status AddArray(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                        absl::string_view data, ZipCompression compression);

  template <typename T>
  absl::Status AddArray(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                        const std::vector<T>& values, ZipCompression compression) {
    return AddArray(name, dtype, shape, AsBytes(values), compression);
  }

  // Adds a member with exactly these bytes (any name).
  void AddMember(const std::string& member_name, std::string bytes, ZipCompression compression);

  // The archive's bytes. With `show_progress`, compression reports progress on stderr.
  absl::StatusOr<std::string> Archive(bool show_progress = false) const;

  // Writes the archive to `path` atomically.
  absl::Status Write(const std::string& path, bool show_progress = false) const;

 private:
  struct Member {
    std::string name;
    std::string bytes;
    ZipCompression compression;
  };
  std::vector<Member> members_;
};

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_NPZ_H_
