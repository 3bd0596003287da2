#include "common/io/mapped_region.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace lambdabeta {
namespace {

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<const MappedRegion>> MappedRegion::Map(const std::string& path,
                                                                      int64_t offset, int64_t size,
                                                                      Access access) {
  if (offset < 0 || size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot map ", size, " bytes at offset ", offset));
  }
  const FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    const int error = errno;
    const std::string text = absl::StrCat(path, ": cannot open: ", std::strerror(error));
    return error == ENOENT ? absl::NotFoundError(text) : absl::InternalError(text);
  }
  struct stat info;
  if (fstat(file.get(), &info) != 0) {
    return absl::InternalError(absl::StrCat(path, ": cannot stat: ", std::strerror(errno)));
  }
  // The size is checked on the descriptor that is mapped, so nothing can change in between
  // except a later truncation (see the header).
  const int64_t file_size = static_cast<int64_t>(info.st_size);
  if (offset > file_size || size > file_size - offset) {
    return absl::DataLossError(absl::StrCat(path, ": the file has ", file_size,
                                            " bytes, but its data should lie in bytes ", offset,
                                            "..", offset + size, " (truncated file?)"));
  }
  if (size == 0) {
    static const uint8_t kNothing = 0;
    return std::unique_ptr<const MappedRegion>(new MappedRegion(path, nullptr, 0, &kNothing, 0));
  }
  // mmap wants a page-aligned offset: map from the page that holds the first byte.
  const int64_t page = sysconf(_SC_PAGESIZE);
  const int64_t start = offset - offset % page;
  const size_t length = static_cast<size_t>(offset - start + size);
  void* base = mmap(nullptr, length, PROT_READ, MAP_SHARED, file.get(), static_cast<off_t>(start));
  if (base == MAP_FAILED) {
    return absl::InternalError(absl::StrCat(path, ": cannot map ", size, " bytes at offset ",
                                            offset, ": ", std::strerror(errno)));
  }
  const uint8_t* data = static_cast<const uint8_t*>(base) + (offset - start);
  auto region =
      std::unique_ptr<const MappedRegion>(new MappedRegion(path, base, length, data, size));
  region->Advise(access);
  return region;
}

void MappedRegion::Advise(Access access) const {
  // Advice only: the map works the same (just with other disk reads) if it is not taken.
  if (base_ != nullptr) {
    madvise(base_, length_, access == Access::kScattered ? MADV_RANDOM : MADV_NORMAL);
  }
}

MappedRegion::~MappedRegion() {
  if (base_ != nullptr) munmap(base_, length_);
}

}  // namespace lambdabeta
