// A read-only memory map of a byte range of a file (mmap PROT_READ, MAP_SHARED): every
// process that maps the same file shares its pages through the OS page cache, and only the
// pages a process touches are ever read from disk.
#ifndef LAMBDABETA_COMMON_IO_MAPPED_REGION_H_
#define LAMBDABETA_COMMON_IO_MAPPED_REGION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"

namespace lambdabeta {

class MappedRegion {
 public:
  // How much of the region a reader will touch, which sets how much the kernel reads from disk
  // when a page that is not in memory yet is touched.
  enum class Access {
    // All or most of it, in any order: the kernel's default read-around (up to the device's
    // read_ahead_kb around the touched page, 8 MiB on some virtual disks) brings the region in
    // in big reads.
    kAll,
    // A small, scattered part (random images for an evaluation): read only the pages touched
    // (madvise MADV_RANDOM); read-around would read most of a big file to touch a little of it.
    kScattered,
  };

  // Maps bytes [offset, offset + size) of `path`. The file is closed again at once; the map
  // lives until the region is destroyed (munmap). Errors name the file: NotFound (no such
  // file), DataLoss (the file ends before offset + size: refused here, because touching a
  // mapped page past the end of a file raises SIGBUS), InvalidArgument (negative offset or
  // size), Internal (the system refused the map).
  // A file truncated by someone else *after* it was mapped can still raise SIGBUS: map only
  // files nobody rewrites in place (Bazel's inputs are read-only).
  static absl::StatusOr<std::unique_ptr<const MappedRegion>> Map(const std::string& path,
                                                                 int64_t offset, int64_t size,
                                                                 Access access);
  ~MappedRegion();
  MappedRegion(const MappedRegion&) = delete;
  MappedRegion& operator=(const MappedRegion&) = delete;

  const uint8_t* data() const { return data_; }
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

  // Changes how this map will be read from now on (advice only: the bytes stay the same).
  void Advise(Access access) const;

 private:
  MappedRegion(std::string path, void* base, size_t length, const uint8_t* data, int64_t size)
      : path_(std::move(path)), base_(base), length_(length), data_(data), size_(size) {}

  std::string path_;
  void* base_;     // what mmap returned (page-aligned, at or before data_); null if size is 0
  size_t length_;  // bytes mapped from base_
  const uint8_t* data_;
  int64_t size_;
};

}  // namespace lambdabeta

#endif  // LAMBDABETA_COMMON_IO_MAPPED_REGION_H_
